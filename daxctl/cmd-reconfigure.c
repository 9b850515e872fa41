// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxctl reconfigure-device: change a device's mode (system-ram through
 * kmem, devdax, or famfs through fsdev_dax), its memmap_on_memory request,
 * size or alignment. Every
 * change is planned and checked before the first write (plan.c) and
 * undone if a later step fails (apply.c), so a device ends either as
 * requested or as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libdaxctl.h>

#include "conffile.h"
#include "daxctl.h"
#include "device.h"
#include "plan.h"
#include "options.h"

#define AUTO_ONLINE_PATH "/sys/devices/system/memory/auto_online_blocks"

struct reconfig {
	struct dev_opts o;
	struct opt_size size, align;
	const char *input;	/* accepted for compatibility, unused */
	const char *mode_arg;
	bool no_online, force, check_config, no_movable;
	int memmap;		/* -1: leave the kernel's choice */
	int mode;		/* enum dax_mode, DAX_MODE_KEEP without -m */
	struct dax_conf conf;	/* with --check-config */
};

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

/* -C: the matching config section decides mode, online, movable, memmap. */
static int config_request(struct daxctl_dev *dev, const struct reconfig *p,
		struct plan_req *req)
{
	const struct conf_section *s;
	int rc = conf_match(&p->conf, dev, &s);

	if (rc == 1)
		dev_info(dev, "no configuration section matches; left alone");
	if (rc)
		return rc;
	if (p->o.verbose)
		dev_info(dev, "applying [reconfigure-device %s] from %s",
				s->name, s->file);
	req->online = s->online != 0;
	req->movable = s->movable != 0;
	req->memmap = s->memmap;
	req->mode = s->mode == CONF_MODE_DEVDAX ? DAX_MODE_DEVDAX :
		s->mode == CONF_MODE_FAMFS ? DAX_MODE_FAMFS : DAX_MODE_RAM;
	if (req->mode != DAX_MODE_RAM && (!req->online || req->memmap >= 0))
		return dev_err(dev, "check config", -EINVAL,
			"%s: [reconfigure-device %s]: online and memmap_on_memory "
			"need mode = system-ram", s->file, s->name);
	return 0;
}

static int reconfigure_request(struct daxctl_dev *dev, void *arg,
		struct plan_req *req)
{
	const struct reconfig *p = arg;

	req->force = p->force;
	if (p->size.set || p->align.set) {
		req->kind = PLAN_GEOMETRY;
		req->set_size = p->size.set;
		req->size = p->size.bytes;
		req->set_align = p->align.set;
		req->align = p->align.bytes;
		return 0;
	}
	req->kind = PLAN_RECONFIGURE;
	if (p->check_config)
		return config_request(dev, p, req);
	req->mode = p->mode;
	req->online = !p->no_online;
	req->movable = !p->no_movable;
	req->memmap = p->memmap;
	return 0;
}

/* After a bind with --no-online: did someone else online the memory? */
static void report_auto_online(struct daxctl_dev *dev)
{
	const char *policy = daxctl_get_auto_online_policy(daxctl_dev_get_ctx(dev));
	int i, n = 0, nr = daxctl_dev_get_nr_blocks(dev);

	for (i = 0; i < nr; i++)
		n += daxctl_dev_read_block(dev, i, NULL) == DAXCTL_BLOCK_ONLINE;
	if (n <= 0)
		return;
	dev_warn(dev, "%d memory block%s went online without daxctl "
			"(%s is %s, or a udev rule onlines memory)",
			n, plural(n), AUTO_ONLINE_PATH, policy ? policy : "unreadable");
}

static void reconfigure_report(struct daxctl_dev *dev, void *arg,
		const struct plan *pl)
{
	const struct plan_req *r = &pl->req;
	int total = pl->start.nr_blocks;

	(void)arg;
	if (pl->note && strncmp(pl->note, "already in", 10) == 0)
		dev_info(dev, "%s", pl->note);
	if (r->kind != PLAN_RECONFIGURE || r->mode != DAX_MODE_RAM)
		return;
	if (!r->online && pl->rc == 0) {
		report_auto_online(dev);
		return;
	}
	if (pl->rc == 1 && pl->start.mode == DAX_MODE_RAM && total > 0 && r->online)
		dev_info(dev, "all %d memory block%s already online", total, plural(total));
	else if (pl->already)
		dev_info(dev, "%d memory block%s onlined, %d already online",
				pl->onlined, plural(pl->onlined), pl->already);
}

static int parse_mode(struct reconfig *p, const struct opt_cmd *cmd)
{
	if (!p->mode_arg)
		p->mode = DAX_MODE_KEEP;
	else if (!strcmp(p->mode_arg, "system-ram"))
		p->mode = DAX_MODE_RAM;
	else if (!strcmp(p->mode_arg, "devdax"))
		p->mode = DAX_MODE_DEVDAX;
	else if (!strcmp(p->mode_arg, "famfs"))
		p->mode = DAX_MODE_FAMFS;
	else
		return usage_error(cmd,
			"unknown mode '%s': expected system-ram, devdax or famfs",
			p->mode_arg);
	return 0;
}

static bool power_of_2(unsigned long long v)
{
	return v && !(v & (v - 1));
}

/* The option rules of compat-surface §5, checked before any device. */
static int resolve(void *arg, const struct opt_cmd *cmd, struct daxctl_ctx *ctx)
{
	struct reconfig *p = arg;
	bool geometry = p->size.set || p->align.set;

	if (parse_mode(p, cmd))
		return EXIT_USAGE;
	if (!geometry && p->mode == DAX_MODE_KEEP && !p->check_config)
		return usage_error(cmd,
			"a 'align', 'mode' or 'size' option is required");
	if (p->check_config && (p->mode_arg || p->no_online || p->no_movable ||
				p->memmap >= 0))
		return usage_error(cmd,
			"--check-config takes mode, online, movable and "
			"memmap_on_memory from the config files");
	if (p->check_config && geometry)
		return usage_error(cmd,
			"--check-config cannot be combined with --size or --align");
	if (p->align.set && !power_of_2(p->align.bytes))
		return usage_error(cmd, "--align must be a power of two");
	if (geometry && p->mode != DAX_MODE_KEEP) {
		fprintf(stderr, "warning: --mode is ignored with --size or --align\n");
		p->mode = DAX_MODE_KEEP;
	}
	if (p->mode == DAX_MODE_DEVDAX && p->no_online)
		return usage_error(cmd,
			"--no-online is incompatible with --mode=devdax");
	if (p->mode == DAX_MODE_FAMFS && p->no_online)
		return usage_error(cmd,
			"--no-online is incompatible with --mode=famfs");
	if (p->memmap >= 0 && p->mode != DAX_MODE_RAM)
		return usage_error(cmd,
			"--[no-]memmap-on-memory needs --mode=system-ram");
	if (p->check_config)
		return conf_load(daxctl_get_config_path(ctx), &p->conf);
	return 0;
}

/* As upstream: a resize or realignment prints no JSON. */
static bool want_json(void *arg)
{
	const struct reconfig *p = arg;

	return !p->size.set && !p->align.set;
}

static void release(void *arg)
{
	struct reconfig *p = arg;

	conf_release(&p->conf);
}

int cmd_reconfigure(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct reconfig p = { .memmap = -1 };
	int rc;
	const struct opt opts[] = {
		OPT_DEV_COMMON(&p.o),
		OPT_DRY_RUN(&p.o),
		OPT_SZ('s', "size", &p.size, "size", "resize the device"),
		OPT_SZ('a', "align", &p.align, "align", "change the alignment"),
		OPT_STR(0, "input", &p.input, "input",
			"device JSON file (accepted, not used)"),
		OPT_STR('m', "mode", &p.mode_arg, "mode",
			"system-ram, devdax or famfs"),
		OPT_BOOLEAN('N', "no-online", &p.no_online,
			"do not online the memory"),
		OPT_BOOLEAN('f', "force", &p.force,
			"offline memory first; ignore the auto-online policy and users"),
		OPT_BOOLEAN('C', "check-config", &p.check_config,
			"take the parameters from the config files"),
		OPT_BOOLEAN(0, "no-movable", &p.no_movable,
			"online memory to ZONE_NORMAL, not ZONE_MOVABLE"),
		OPT_TRI("memmap-on-memory", &p.memmap,
			"with system-ram: keep the memmap on the device (or not)"),
		OPT_DONE,
	};
	const struct opt_cmd cmd = {
		"daxctl reconfigure-device <device> [<options>]", opts
	};
	const struct dev_action a = {
		.what = "reconfigure",
		.doing = "reconfiguring devices",
		.done = "reconfigured",
		.command = "reconfigure-device",
		.json = true,
		.want_json = want_json,
		.resolve = resolve,
		.request = reconfigure_request,
		.report = reconfigure_report,
		.release = release,
		.arg = &p,
	};

	rc = dev_command(argc, argv, ctx, &cmd, &p.o, &a);
	/* the broken file's error line was printed when it was read */
	return rc ? rc : p.conf.broken;
}
