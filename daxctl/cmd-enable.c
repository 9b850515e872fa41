// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxctl enable-device / disable-device: bind or unbind device_dax. A
 * system-ram device is left alone: reconfigure-device handles kmem.
 */
#include <stdbool.h>

#include "daxctl.h"
#include "device.h"
#include "options.h"
#include "plan.h"

static int enable_request(struct daxctl_dev *dev, void *arg, struct plan_req *req)
{
	(void)dev;
	req->kind = *(bool *)arg ? PLAN_ENABLE : PLAN_DISABLE;
	return 0;
}

static int run(struct daxctl_ctx *ctx, int argc, const char **argv,
		const char *usage, bool enable)
{
	struct dev_opts o = { 0 };
	const struct opt opts[] = {
		OPT_DEV_COMMON(&o),
		OPT_DONE,
	};
	const struct opt_cmd cmd = { usage, opts };
	const struct dev_action a = {
		.what = enable ? "enable" : "disable",
		.doing = enable ? "enabling devices" : "disabling devices",
		.done = enable ? "enabled" : "disabled",
		.command = enable ? "enable-device" : "disable-device",
		.request = enable_request,
		.arg = &enable,
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
