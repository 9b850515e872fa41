// SPDX-License-Identifier: GPL-2.0-only
/*
 * Selecting regions and devices from -r and positional arguments. Names
 * are parsed into numbers here and compared with the library's ids; a
 * command-line string is never used to build a path.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdaxctl.h>

#include "filter.h"

/* Decimal digits only, no sign, fits an int. Returns the end or NULL. */
static const char *parse_id(const char *s, int *id)
{
	long long v = 0;

	if (*s < '0' || *s > '9')
		return NULL;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return NULL;
	}
	*id = (int)v;
	return s;
}

int filter_parse_region(const char *arg, int *id)
{
	const char *end;

	if (!strcmp(arg, "all")) {
		*id = -1;
		return 0;
	}
	if (!strncmp(arg, "region", strlen("region")))
		arg += strlen("region");
	end = parse_id(arg, id);
	return end && !*end ? 0 : -EINVAL;
}

int filter_parse_dev(const char *arg, struct dev_spec *spec)
{
	const char *name = strrchr(arg, '/');
	const char *end;

	name = name ? name + 1 : arg;
	spec->arg = arg;
	spec->matched = false;
	if (!strcmp(name, "all")) {
		spec->region_id = -1;
		spec->dev_id = -1;
		return 0;
	}
	if (!strncmp(name, "dax", strlen("dax")))
		name += strlen("dax");
	end = parse_id(name, &spec->region_id);
	if (!end || *end != '.')
		return -EINVAL;
	end = parse_id(end + 1, &spec->dev_id);
	return end && !*end ? 0 : -EINVAL;
}

int filter_init(struct dax_filter *f, const char *region, int nr,
		const char **args)
{
	int i;

	memset(f, 0, sizeof(*f));
	f->region_id = -1;
	if (region && filter_parse_region(region, &f->region_id)) {
		fprintf(stderr,
			"error: invalid region '%s': expected all, N or regionN\n",
			region);
		return -EINVAL;
	}
	if (!nr)
		return 0;
	f->specs = calloc(nr, sizeof(*f->specs));
	if (!f->specs)
		return -ENOMEM;
	f->nr_specs = nr;
	for (i = 0; i < nr; i++) {
		if (filter_parse_dev(args[i], &f->specs[i]) == 0)
			continue;
		fprintf(stderr,
			"error: invalid device '%s': expected all, daxX.Y or X.Y\n",
			args[i]);
		filter_release(f);
		return -EINVAL;
	}
	return 0;
}

void filter_release(struct dax_filter *f)
{
	free(f->specs);
	f->specs = NULL;
	f->nr_specs = 0;
}

bool filter_region(const struct dax_filter *f, struct daxctl_region *region)
{
	return f->region_id < 0 || daxctl_region_get_id(region) == f->region_id;
}

static bool spec_match(const struct dev_spec *spec, struct daxctl_dev *dev)
{
	struct daxctl_region *region = daxctl_dev_get_region(dev);

	if (spec->region_id < 0)
		return true;
	return spec->region_id == daxctl_region_get_id(region) &&
		spec->dev_id == daxctl_dev_get_id(dev);
}

bool filter_dev(struct dax_filter *f, struct daxctl_dev *dev)
{
	bool match = f->nr_specs == 0;
	int i;

	if (!filter_region(f, daxctl_dev_get_region(dev)))
		return false;
	for (i = 0; i < f->nr_specs; i++) {
		if (!spec_match(&f->specs[i], dev))
			continue;
		f->specs[i].matched = true;
		match = true;
	}
	return match;
}

static int devs_append(struct daxctl_dev ***devs, int *nr,
		struct daxctl_dev *dev)
{
	struct daxctl_dev **grown;

	grown = realloc(*devs, (*nr + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	grown[(*nr)++] = dev;
	*devs = grown;
	return 0;
}

int filter_collect(struct daxctl_ctx *ctx, struct dax_filter *f,
		struct daxctl_dev ***devs, int *nr)
{
	struct daxctl_region *region;
	struct daxctl_dev *dev;

	*devs = NULL;
	*nr = 0;
	daxctl_region_foreach(ctx, region) {
		if (!filter_region(f, region))
			continue;
		daxctl_dev_foreach(region, dev) {
			if (!filter_dev(f, dev))
				continue;
			if (devs_append(devs, nr, dev))
				goto err_nomem;
		}
	}
	return 0;

err_nomem:
	free(*devs);
	*devs = NULL;
	*nr = 0;
	return -ENOMEM;
}

int filter_report_unmatched(const struct dax_filter *f)
{
	int i, count = 0;

	for (i = 0; i < f->nr_specs; i++) {
		const struct dev_spec *spec = &f->specs[i];

		if (spec->matched)
			continue;
		count++;
		if (spec->region_id < 0)
			fprintf(stderr, "error: no dax device found\n");
		else if (f->region_id >= 0)
			fprintf(stderr, "error: %s: no such device in region %d\n",
					spec->arg, f->region_id);
		else
			fprintf(stderr, "error: %s: no such device\n", spec->arg);
	}
	return count;
}
