// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxctl enable-device / disable-device: bind or unbind device_dax. A
 * system-ram device is left alone: reconfigure-device handles kmem. A famfs
 * device (fsdev_dax) counts as enabled, and disable unbinds it.
 * disable-device refuses while a process holds /dev/daxX.Y, unless --force.
 */
#include <stdbool.h>

#include "daxctl.h"
#include "device.h"
#include "options.h"
#include "plan.h"

struct enable_params {
	bool enable;
	bool force;
};

static int enable_request(struct daxctl_dev *dev, void *arg, struct plan_req *req)
{
	const struct enable_params *p = arg;

	(void)dev;
	req->kind = p->enable ? PLAN_ENABLE : PLAN_DISABLE;
	req->force = p->force;
	return 0;
}

static int run(struct daxctl_ctx *ctx, int argc, const char **argv,
		const char *usage, bool enable)
{
	struct dev_opts o = { 0 };
	struct enable_params p = { .enable = enable };
	const struct opt enable_opts[] = {
		OPT_DEV_COMMON(&o),
		OPT_DONE,
	};
	const struct opt disable_opts[] = {
		OPT_DEV_COMMON(&o),
		OPT_BOOLEAN('f', "force", &p.force,
			"disable even while a process has the device open or mapped"),
		OPT_DONE,
	};
	const struct opt_cmd cmd = { usage, enable ? enable_opts : disable_opts };
	const struct dev_action a = {
		.what = enable ? "enable" : "disable",
		.doing = enable ? "enabling devices" : "disabling devices",
		.done = enable ? "enabled" : "disabled",
		.command = enable ? "enable-device" : "disable-device",
		.request = enable_request,
		.arg = &p,
	};

	return dev_command(argc, argv, ctx, &cmd, &o, &a);
}

int cmd_enable(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return run(ctx, argc, argv, "daxctl enable-device <device> [<options>]",
			true);
}

int cmd_disable(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return run(ctx, argc, argv, "daxctl disable-device <device> [<options>]",
			false);
}
