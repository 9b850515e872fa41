// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxctl destroy-device: give a device's capacity back to its region.
 * With --force an enabled device is disabled first; a system-ram device
 * is offlined and checked before kmem lets go of it, and its size is
 * zeroed only once its memory is verifiably removed.
 */
#include <stdbool.h>

#include "daxctl.h"
#include "device.h"
#include "options.h"
#include "plan.h"

struct destroy_params {
	struct dev_opts o;
	bool force;
};

static int destroy_request(struct daxctl_dev *dev, void *arg, struct plan_req *req)
{
	const struct destroy_params *p = arg;

	(void)dev;
	req->kind = PLAN_DESTROY;
	req->force = p->force;
	return 0;
}

int cmd_destroy(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct destroy_params p = { 0 };
	const struct opt opts[] = {
		OPT_DEV_COMMON(&p.o),
		OPT_DRY_RUN(&p.o),
		OPT_BOOLEAN('f', "force", &p.force,
			"disable the device first (offlining its memory)"),
		OPT_DONE,
	};
	const struct opt_cmd cmd = {
		"daxctl destroy-device <device> [<options>]", opts
	};
	const struct dev_action a = {
		.what = "destroy",
		.doing = "destroying devices",
		.done = "destroyed",
		.command = "destroy-device",
		.request = destroy_request,
		.arg = &p,
	};

	return dev_command(argc, argv, ctx, &cmd, &p.o, &a);
}
