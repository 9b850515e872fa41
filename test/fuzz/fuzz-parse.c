// SPDX-License-Identifier: GPL-2.0-only
/*
 * Size and name parsing, and matching names against the fixture's
 * devices: parse_size() (options.c, also used by the config files and
 * --input), filter_parse_region() and filter_parse_dev() (filter.c), then
 * filter_init()/filter_collect() as `daxctl list -r R -d D` and the device
 * commands select devices.
 *
 * Input: NUL-separated strings. The first is the region argument (empty:
 * none), the rest are device arguments; every string also goes through
 * each parser on its own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdaxctl.h>

#include "filter.h"
#include "options.h"
#include "harness.h"

#define MAX_PARTS 16

static struct daxctl_ctx *ctx;
static int nr_devs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct daxctl_region *region;
	struct daxctl_dev *dev;

	fuzz_require_fixture();
	ctx = fuzz_new_ctx();
	if (!ctx) {
		fprintf(stderr, "fuzz: daxctl_new failed on the fixture\n");
		exit(1);
	}
	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev)
			nr_devs++;
	return 0;
}

static void check_size(const char *s)
{
	unsigned long long v, again;
	char buf[32];
	int rc = parse_size(s, &v);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	if (rc)
		return;
	snprintf(buf, sizeof(buf), "%llu", v);
	FUZZ_CHECK(parse_size(buf, &again) == 0 && again == v);
	snprintf(buf, sizeof(buf), "%#llx", v);
	FUZZ_CHECK(parse_size(buf, &again) == 0 && again == v);
}

static void check_names(const char *s)
{
	struct dev_spec spec, again;
	char buf[64];
	int id, id2;

	if (!filter_parse_region(s, &id)) {
		FUZZ_CHECK(id >= -1);
		if (id >= 0) {
			snprintf(buf, sizeof(buf), "region%d", id);
			FUZZ_CHECK(!filter_parse_region(buf, &id2) && id2 == id);
		}
	}
	if (filter_parse_dev(s, &spec))
		return;
	FUZZ_CHECK(spec.arg == s && !spec.matched);
	FUZZ_CHECK((spec.region_id < 0) == (spec.dev_id < 0));
	if (spec.region_id < 0)
		return;
	snprintf(buf, sizeof(buf), "dax%d.%d", spec.region_id, spec.dev_id);
	FUZZ_CHECK(!filter_parse_dev(buf, &again) &&
			again.region_id == spec.region_id &&
			again.dev_id == spec.dev_id);
}

static void check_match(const char *region, int nr, const char **args)
{
	struct daxctl_dev **devs;
	struct dax_filter f;
	int i, n, rc;

	rc = filter_init(&f, *region ? region : NULL, nr, args);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	if (rc)
		return;
	rc = filter_collect(ctx, &f, &devs, &n);
	FUZZ_CHECK(rc == 0 && n >= 0 && n <= nr_devs);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(filter_dev(&f, devs[i]));
		FUZZ_CHECK(filter_region(&f, daxctl_dev_get_region(devs[i])));
	}
	FUZZ_CHECK(filter_report_unmatched(&f) <= nr);
	free(devs);
	filter_release(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *block, *parts[MAX_PARTS];
	int i, n = fuzz_split(data, size, 0, MAX_PARTS, &block, parts);

	for (i = 0; i < n; i++) {
		check_size(parts[i]);
		check_names(parts[i]);
	}
	if (n)
		check_match(parts[0], n - 1, (const char **)parts + 1);
	free(block);
	return 0;
}
