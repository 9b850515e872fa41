// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxctl create-device: carve a new devdax device out of a dynamic region.
 * One region per call: the one -r or the --input file names, or else the
 * only region with room. A device that cannot be completed is deleted
 * again, so a failure leaves no zero-sized leftovers.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include <libdaxctl.h>

#include "daxctl.h"
#include "device.h"
#include "filter.h"
#include "hotplug.h"
#include "lock.h"
#include "json.h"
#include "log.h"
#include "options.h"

struct create_params {
	struct dev_opts o;
	struct opt_size size, align;
	const char *input;
	struct dax_input in;
	int region_id;		/* -1: choose */
	unsigned long long want;	/* bytes, 0: all available */
};

static void region_err(struct daxctl_region *region, const char *op, int rc,
		const char *hint)
{
	const char *detail = log_take(NULL);

	fprintf(stderr, "error: region%d: %s: %s%s%s%s%s%s\n",
			daxctl_region_get_id(region), op, strerror(-rc),
			detail ? ": " : "", detail ? detail : "",
			hint ? " (" : "", hint ? hint : "", hint ? ")" : "");
}

static bool region_fits(struct daxctl_region *region, unsigned long long want)
{
	unsigned long long avail = daxctl_region_get_available_size(region);

	return avail && avail >= want;
}

/* The region to create in: -r's, or else the only one with room. */
static int pick_region(struct daxctl_ctx *ctx, const struct create_params *p,
		const struct opt_cmd *cmd, struct daxctl_region **out)
{
	struct daxctl_region *region;
	int fits = 0;

	*out = NULL;
	daxctl_region_foreach(ctx, region) {
		if (p->region_id >= 0) {
			if (daxctl_region_get_id(region) != p->region_id)
				continue;
			*out = region;
			return 0;
		}
		if (!region_fits(region, p->want))
			continue;
		if (!*out)
			*out = region;
		fits++;
	}
	if (p->region_id >= 0) {
		fprintf(stderr, "error: region%d: no such dax region\n",
				p->region_id);
		return -ENODEV;
	}
	if (fits > 1)
		return usage_error(cmd, "%d regions have room: choose one with -r",
				fits);
	if (!fits) {
		fprintf(stderr, "error: no dax region has room for the device\n");
		return -ENOSPC;
	}
	return 0;
}

/* Reuse an idle seed (size 0, unbound); else create one. */
static struct daxctl_dev *new_dev(struct daxctl_region *region, bool *created)
{
	struct daxctl_dev *dev = daxctl_region_get_dev_seed(region);
	int rc;

	*created = false;
	if (dev && !daxctl_dev_get_size(dev) && !daxctl_dev_is_enabled(dev))
		return dev;
	rc = daxctl_region_create_dev(region);
	if (rc) {
		region_err(region, "create device", rc,
			rc == -ENOSPC ? "the region is full" : NULL);
		return NULL;
	}
	*created = true;
	dev = daxctl_region_get_dev_seed(region);
	if (!dev)
		region_err(region, "create device", -ENXIO,
				"the kernel names no seed device");
	return dev;
}

static int write_ranges(struct daxctl_dev *dev, const struct dax_input *in,
		unsigned long long size)
{
	unsigned long long total = 0;
	char a[32], b[32];
	int i, rc;

	for (i = 0; i < in->nr_ranges; i++) {
		const struct dax_input_range *r = &in->ranges[i];

		rc = daxctl_dev_set_mapping(dev, r->start, r->end);
		if (rc)
			return dev_err(dev, "set mapping", rc, "%#llx-%#llx",
					r->start, r->end);
		total += r->end - r->start + 1;
	}
	if (size && total != size) {
		size_text(total, a, sizeof(a));
		size_text(size, b, sizeof(b));
		dev_warn(dev, "allocated %s but specified size %s", a, b);
	}
	return 0;
}

/* Align, then the ranges or the size, then bind device_dax. */
static int setup(struct daxctl_dev *dev, const struct create_params *p,
		unsigned long long size)
{
	unsigned long long align = p->align.set ? p->align.bytes : p->in.align;
	int rc;

	if (align) {
		rc = daxctl_dev_set_align(dev, align);
		if (rc)
			return dev_err(dev, "set align", rc, NULL);
	}
	if (p->in.nr_ranges) {
		rc = write_ranges(dev, &p->in, size);
		if (rc)
			return rc;
	} else {
		rc = daxctl_dev_set_size(dev, size);
		if (rc)
			return dev_err(dev, "set size", rc, NULL);
	}
	rc = daxctl_dev_enable_devdax(dev);
	return rc ? bind_err(dev, "bind device_dax", rc) : 0;
}

/* Give the capacity back; delete the device if this call created it. */
static void undo(struct daxctl_region *region, struct daxctl_dev *dev,
		bool created)
{
	daxctl_dev_disable(dev);
	if (daxctl_dev_get_size(dev))
		daxctl_dev_set_size(dev, 0);
	if (created && daxctl_dev_get_id(dev) > 0)
		daxctl_region_destroy_dev(region, dev);
}

static int create(struct daxctl_region *region, const struct create_params *p,
		struct daxctl_dev **out)
{
	unsigned long long size = p->want;
	struct daxctl_dev *dev;
	bool created;
	int rc;

	if (!size)
		size = daxctl_region_get_available_size(region);
	if (!region_fits(region, size ? size : 1)) {
		region_err(region, "create device", -ENOSPC,
				"not enough available capacity");
		return -ENOSPC;
	}
	dev = new_dev(region, &created);
	if (!dev)
		return -ENXIO;
	rc = setup(dev, p, size);
	if (rc) {
		undo(region, dev, created);
		return rc;
	}
	*out = dev;
	return 0;
}

/* --dry-run: the steps create() would take in @region, as JSON on stdout. */
static int add_step(struct json_object *steps, const char *name,
		const char *key, unsigned long long v)
{
	struct json_object *o = dax_json_object();

	if (!o || dax_json_set_str(o, "step", name) ||
	    (key && dax_json_set_int(o, key, (long long)v))) {
		dax_json_free(o);
		return -ENOMEM;
	}
	return dax_json_append(steps, o);
}

static int plan_steps(struct daxctl_region *region, const struct create_params *p,
		struct json_object *steps)
{
	unsigned long long size = p->want ? p->want :
		daxctl_region_get_available_size(region);
	unsigned long long align = p->align.set ? p->align.bytes : p->in.align;
	struct daxctl_dev *seed = daxctl_region_get_dev_seed(region);
	int rc, i;

	if (seed && !daxctl_dev_get_size(seed) && !daxctl_dev_is_enabled(seed))
		rc = add_step(steps, "use the idle seed device", NULL, 0);
	else
		rc = add_step(steps, "create a device (dax_region/create)", NULL, 0);
	if (!rc && align)
		rc = add_step(steps, "set align", "value", align);
	for (i = 0; !rc && i < p->in.nr_ranges; i++)
		rc = add_step(steps, "set mapping", "start", p->in.ranges[i].start);
	if (!rc && !p->in.nr_ranges)
		rc = add_step(steps, "set size", "value", size);
	if (!rc)
		rc = add_step(steps, "bind device_dax", NULL, 0);
	return rc;
}

static int dry_run(struct daxctl_region *region, const struct create_params *p,
		int check_rc)
{
	struct dax_json j = { 0 };
	struct json_object *top = dax_json_array(), *o = dax_json_object();
	struct json_object *steps = dax_json_array(), *checks = dax_json_array();
	char name[32];
	int rc = !top || !o || !steps || !checks ? -ENOMEM : 0;

	snprintf(name, sizeof(name), "region%d", region ? daxctl_region_get_id(region) : -1);
	if (!rc && region && !check_rc)
		rc = plan_steps(region, p, steps);
	if (!rc && check_rc) {
		struct json_object *c = dax_json_object();

		rc = !c || dax_json_set_str(c, "check", "create device") ||
			dax_json_set_str(c, "error", strerror(-check_rc)) ||
			dax_json_set_int(c, "errno", -check_rc) ? -ENOMEM :
			dax_json_append(checks, c);
	}
	if (!rc)
		rc = dax_json_set_str(o, "command", "create-device") ||
			dax_json_set_str(o, "region", region ? name : "") ||
			dax_json_set(o, "steps", steps) ||
			dax_json_set(o, "checks", checks) ||
			dax_json_set_bool(o, "would_run", !check_rc) ? -ENOMEM : 0;
	if (!rc)
		return dax_json_append(top, o) ? -ENOMEM :
			(dax_json_print(&j, top) ? -ENOMEM : check_rc);
	dax_json_free(top);
	return rc;
}

static int print_dev(const struct create_params *p, struct daxctl_dev *dev)
{
	struct dax_json j = { .flags = p->o.human ? DAX_JSON_HUMAN : 0 };
	struct json_object *out = dax_json_array();
	int rc;

	if (!out)
		return -ENOMEM;
	rc = dax_json_append(out, dax_json_dev(&j, dev));
	if (rc) {
		dax_json_free(out);
		return rc;
	}
	return dax_json_print(&j, out);
}

/* -r, -s, -a and the --input file must agree. */
static int resolve(struct create_params *p, const struct opt_cmd *cmd)
{
	int rc;

	p->region_id = -1;
	if (p->o.region && filter_parse_region(p->o.region, &p->region_id))
		return usage_error(cmd, "invalid region '%s'", p->o.region);
	if (p->align.set && (p->align.bytes & (p->align.bytes - 1)))
		return usage_error(cmd, "--align must be a power of two");
	if (!p->input)
		goto done;
	rc = dax_json_read_input(p->input, &p->in);
	if (rc)
		return rc;
	if (p->in.region_id >= 0 && p->region_id >= 0 &&
	    p->in.region_id != p->region_id)
		return usage_error(cmd, "--input names region %d, -r region %d",
				p->in.region_id, p->region_id);
	if (p->in.region_id >= 0)
		p->region_id = p->in.region_id;
done:
	p->want = p->size.set ? p->size.bytes : p->in.size;
	return 0;
}

int cmd_create(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct create_params p = { 0 };
	const struct opt opts[] = {
		OPT_DEV_COMMON(&p.o),
		OPT_DRY_RUN(&p.o),
		OPT_SZ('s', "size", &p.size, "size",
			"size of the new device (default: all available)"),
		OPT_SZ('a', "align", &p.align, "align", "alignment of the new device"),
		OPT_STR(0, "input", &p.input, "input",
			"device JSON file, as `daxctl list` prints it"),
		OPT_DONE,
	};
	const struct opt_cmd cmd = { "daxctl create-device [<options>]", opts };
	struct daxctl_region *region;
	struct daxctl_dev *dev = NULL;
	int rc;

	rc = parse_options_only(argc, argv, &cmd);
	if (rc)
		return rc;
	if (p.o.verbose)
		daxctl_set_log_priority(ctx, LOG_DEBUG);
	rc = resolve(&p, &cmd);
	if (rc)
		goto out;
	/* before the regions are read; --dry-run changes nothing and locks nothing */
	rc = p.o.dry_run ? 0 : lock_take();
	if (rc)
		goto out;
	rc = pick_region(ctx, &p, &cmd, &region);
	if (rc == EXIT_USAGE)
		goto out;
	if (p.o.dry_run) {
		unsigned long long want = p.want ? p.want : 1;

		if (!rc && !region_fits(region, want))
			rc = -ENOSPC;
		rc = dry_run(rc == -ENODEV || !region ? NULL : region, &p, rc);
		goto out;
	}
	if (!rc)
		rc = create(region, &p, &dev);
	if (!rc)
		rc = print_dev(&p, dev);
	log_flush();	/* the summary line comes last */
	if (rc)
		fprintf(stderr, "error creating devices: %s\n", strerror(-rc));
	fprintf(stderr, "created %d device%s\n", dev ? 1 : 0, dev ? "" : "s");
out:
	lock_release();
	dax_input_release(&p.in);
	return rc;
}
