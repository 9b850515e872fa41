// SPDX-License-Identifier: GPL-2.0-only
/*
 * The config files of reconfigure-device --check-config (conffile.c): one
 * or several *.conf files in a directory, loaded as the udev path loads
 * them, then matched against every device of the fixture. The fixture's
 * first region also carries a namespace uuid, registered the way libndctl
 * does (daxctl_new_region() on its path), so nvdimm.uuid can match.
 *
 * Input: the files' contents separated by NUL bytes, written as 00.conf,
 * 01.conf, ... (read in that order, the last match wins).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <libdaxctl.h>

#include "conffile.h"
#include "harness.h"

#define MAX_FILES 8
#define FIXTURE_UUID "ed93e918-e165-49d8-921d-383d7b9660c5"

static struct daxctl_ctx *ctx;

static void give_uuid(void)
{
	struct daxctl_region *region = daxctl_region_get_first(ctx);
	uuid_t uu;

	if (!region || uuid_parse(FIXTURE_UUID, uu))
		return;
	region = daxctl_new_region(ctx, daxctl_region_get_id(region), uu,
			daxctl_region_get_path(region));
	daxctl_region_unref(region);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_require_fixture();
	ctx = fuzz_new_ctx();
	if (!ctx) {
		fprintf(stderr, "fuzz: daxctl_new failed on the fixture\n");
		exit(1);
	}
	give_uuid();
	return 0;
}

static void match_all(const struct dax_conf *conf)
{
	const struct conf_section *sec;
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	int rc;

	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev) {
			sec = NULL;
			rc = conf_match(conf, dev, &sec);
			FUZZ_CHECK(rc == 0 || rc == 1 || rc == -EINVAL);
			if (rc)
				continue;
			FUZZ_CHECK(sec >= conf->secs && sec < conf->secs + conf->nr);
			FUZZ_CHECK(!sec->bad && !sec->bad_match);
			FUZZ_CHECK(sec->online >= -1 && sec->online <= 1);
			FUZZ_CHECK(sec->movable >= -1 && sec->movable <= 1);
			FUZZ_CHECK(sec->memmap >= -1 && sec->memmap <= 1);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_scratch_dir();
	char *block, *parts[MAX_FILES], name[16];
	struct dax_conf conf;
	size_t off = 0, len;
	int i, n, rc;

	n = fuzz_split(data, size, 0, MAX_FILES, &block, parts);
	if (!block)
		return 0;
	fuzz_clear_dir(dir);
	for (i = 0; i < n; i++) {
		/* the bytes up to the separator (parts hold no NUL) */
		len = i + 1 < n ? (size_t)(parts[i + 1] - parts[i] - 1) :
			size - off;
		snprintf(name, sizeof(name), "%02d.conf", i);
		fuzz_write_file(dir, name, data + off, len);
		off += len + 1;
	}
	rc = conf_load(dir, &conf);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOMEM);
	FUZZ_CHECK(conf.nr >= 0);
	if (!rc)
		match_all(&conf);
	conf_release(&conf);
	free(block);
	return 0;
}
