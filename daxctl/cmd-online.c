// SPDX-License-Identifier: GPL-2.0-only
/* daxctl online-memory / offline-memory: the blocks of system-ram devices. */
#include <stdbool.h>

#include "daxctl.h"
#include "device.h"
#include "options.h"
#include "plan.h"

struct mem_params {
	struct dev_opts o;
	bool no_movable;
	bool online;
};

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

static int mem_request(struct daxctl_dev *dev, void *arg, struct plan_req *req)
{
	const struct mem_params *p = arg;

	(void)dev;
	req->kind = p->online ? PLAN_ONLINE : PLAN_OFFLINE;
	req->movable = !p->no_movable;
	return 0;
}

static void mem_report(struct daxctl_dev *dev, void *arg, const struct plan *pl)
{
	const struct mem_params *p = arg;
	int total = pl->start.nr_blocks, n = pl->block_steps;
	const char *what = p->online ? "online" : "offline";

	if (pl->rc == 1 && total > 0 && pl->start.kstate < 0)
		dev_info(dev, "all %d memory block%s already %s", total,
				plural(total), what);
	else if (pl->rc == 1)
		dev_info(dev, "memory %s", pl->note);
	else if (n < total && pl->backend == BACKEND_BLOCKS)
		dev_info(dev, "%d memory block%s %sd, %d already %s", n, plural(n),
				what, total - n, what);
	else if (p->o.verbose)
		dev_info(dev, "%d memory block%s %sd", n, plural(n), what);
}

static int run(int argc, const char **argv, struct daxctl_ctx *ctx,
		struct mem_params *p, const struct opt *opts, const char *usage)
{
	const struct opt_cmd cmd = { usage, opts };
	const struct dev_action a = {
		.what = p->online ? "online memory for" : "offline memory for",
		.doing = p->online ? "onlining memory" : "offlining memory",
		.done = p->online ? "onlined memory for" : "offlined memory for",
		.command = p->online ? "online-memory" : "offline-memory",
		.request = mem_request,
		.report = mem_report,
		.arg = p,
	};

	return dev_command(argc, argv, ctx, &cmd, &p->o, &a);
}

int cmd_online(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct mem_params p = { .online = true };
	const struct opt opts[] = {
		OPT_DEV_COMMON(&p.o),
		OPT_DRY_RUN(&p.o),
		OPT_BOOLEAN(0, "no-movable", &p.no_movable,
			"online memory to ZONE_NORMAL, not ZONE_MOVABLE"),
		OPT_DONE,
	};

	return run(argc, argv, ctx, &p, opts,
			"daxctl online-memory <device> [<options>]");
}

int cmd_offline(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct mem_params p = { .online = false };
	const struct opt opts[] = {
		OPT_DEV_COMMON(&p.o),
		OPT_DRY_RUN(&p.o),
		OPT_DONE,
	};

	return run(argc, argv, ctx, &p, opts,
			"daxctl offline-memory <device> [<options>]");
}
