// SPDX-License-Identifier: GPL-2.0-only
/* daxctl list: regions and devices as JSON. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

#include <libdaxctl.h>

#include "daxctl.h"
#include "filter.h"
#include "json.h"
#include "options.h"

struct list_params {
	const char *region;
	const char *dev;
	bool devs, regions, mappings, idle, human;
	bool host;		/* --rebuilt-host */
};

/* Append @region's matching devices to *jdevs, creating it on first use. */
static int add_devs(struct dax_json *j, struct dax_filter *f,
		struct daxctl_region *region, struct json_object **jdevs)
{
	struct daxctl_dev *dev;
	int rc;

	daxctl_dev_foreach(region, dev) {
		if (!filter_dev(f, dev))
			continue;
		if (!(j->flags & DAX_JSON_IDLE) && !daxctl_dev_get_size(dev))
			continue;
		if (!*jdevs)
			*jdevs = dax_json_array();
		if (!*jdevs)
			return -ENOMEM;
		rc = dax_json_append(*jdevs, dax_json_dev(j, dev));
		if (rc)
			return rc;
	}
	return 0;
}

static int add_region(struct dax_json *j, struct dax_filter *f,
		struct daxctl_region *region, struct json_object *jregions)
{
	struct json_object *jdevs = NULL;
	int rc;

	if (j->flags & DAX_JSON_DEVS) {
		rc = add_devs(j, f, region, &jdevs);
		if (rc) {
			dax_json_free(jdevs);
			return rc;
		}
	}
	return dax_json_append(jregions, dax_json_region(j, region, jdevs));
}

static int list(struct daxctl_ctx *ctx, struct list_params *p,
		struct dax_filter *f, struct dax_json *j)
{
	struct json_object *out = NULL;
	struct daxctl_region *region;
	int rc = 0;

	if (p->regions || p->host) {
		out = dax_json_array();
		if (!out)
			return -ENOMEM;
	}
	/* once per listing, first, so a script reads it with .[0] */
	if (p->host) {
		rc = dax_json_append(out, dax_json_host(j, ctx));
		if (rc) {
			dax_json_free(out);
			return rc;
		}
	}
	daxctl_region_foreach(ctx, region) {
		if (!filter_region(f, region))
			continue;
		if (p->regions)
			rc = add_region(j, f, region, out);
		else
			rc = add_devs(j, f, region, &out);
		if (rc)
			break;
	}
	if (rc) {
		dax_json_free(out);
		return rc;
	}
	return out ? dax_json_print(j, out) : 0;
}

static unsigned int json_flags(const struct list_params *p)
{
	return (p->human ? DAX_JSON_HUMAN : 0) |
		(p->devs ? DAX_JSON_DEVS : 0) |
		(p->mappings ? DAX_JSON_MAPPINGS : 0) |
		(p->idle ? DAX_JSON_IDLE : 0);
}

int cmd_list(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct list_params p = { 0 };
	const struct opt opts[] = {
		OPT_STR('r', "region", &p.region, "region-id",
			"only this region: all, N or regionN"),
		OPT_STR('d', "dev", &p.dev, "dev-id",
			"only this device: all, daxX.Y or X.Y"),
		OPT_BOOLEAN('D', "devices", &p.devs, "list devices"),
		OPT_BOOLEAN('R', "regions", &p.regions, "list regions"),
		OPT_BOOLEAN('M', "mappings", &p.mappings,
			"include the physical ranges of each device"),
		OPT_BOOLEAN('i', "idle", &p.idle,
			"include devices of size 0"),
		OPT_BOOLEAN('u', "human", &p.human,
			"use human friendly number formats"),
		OPT_BOOLEAN(0, "rebuilt-host", &p.host,
			"first, the host's memory hot-plug settings"),
		OPT_DONE,
	};
	const struct opt_cmd cmd = { "daxctl list [<options>]", opts };
	struct dax_json j = { 0 };
	struct dax_filter f;
	int rc;

	rc = parse_options_only(argc, argv, &cmd);
	if (rc)
		return rc;
	rc = filter_init(&f, p.region, p.dev ? 1 : 0, &p.dev);
	if (rc == -EINVAL)
		return usage_with_options(&cmd);
	if (rc)
		return rc;
	/* -r alone lists regions, -d alone devices, nothing: devices */
	if (!p.devs && !p.regions) {
		p.regions = p.region != NULL;
		p.devs = p.dev != NULL || !p.region;
	}
	j.flags = json_flags(&p);
	rc = list(ctx, &p, &f, &j);
	filter_release(&f);
	return rc;
}
