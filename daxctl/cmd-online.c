// SPDX-License-Identifier: GPL-2.0-only
/* daxctl online-memory / offline-memory: the blocks of system-ram devices. */
#include <stdbool.h>

#include "daxctl.h"
#include "device.h"
#include "hotplug.h"
#include "options.h"

struct mem_params {
	struct dev_opts o;
	bool no_movable;
};

static int online_one(struct daxctl_dev *dev, void *arg)
{
	const struct mem_params *p = arg;

	return mem_online(dev, !p->no_movable, p->o.verbose);
}

static int offline_one(struct daxctl_dev *dev, void *arg)
{
	const struct mem_params *p = arg;

	return mem_offline(dev, p->o.verbose);
}

int cmd_online(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct mem_params p = { 0 };
	const struct opt opts[] = {
		OPT_DEV_COMMON(&p.o),
		OPT_BOOLEAN(0, "no-movable", &p.no_movable,
			"online memory to ZONE_NORMAL, not ZONE_MOVABLE"),
		OPT_DONE,
	};
	const struct opt_cmd cmd = {
		"daxctl online-memory <device> [<options>]", opts
	};
	const struct dev_action a = {
		.what = "online memory for",
		.doing = "onlining memory",
		.done = "onlined memory for",
		.fn = online_one,
		.arg = &p,
	};

	return dev_command(argc, argv, ctx, &cmd, &p.o, &a);
}

int cmd_offline(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct mem_params p = { 0 };
	const struct opt opts[] = {
		OPT_DEV_COMMON(&p.o),
		OPT_DONE,
	};
	const struct opt_cmd cmd = {
		"daxctl offline-memory <device> [<options>]", opts
	};
	const struct dev_action a = {
		.what = "offline memory for",
		.doing = "offlining memory",
		.done = "offlined memory for",
		.fn = offline_one,
		.arg = &p,
	};

	return dev_command(argc, argv, ctx, &cmd, &p.o, &a);
}
