// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxctl enable-device / disable-device: bind or unbind device_dax. A
 * system-ram device is left alone: reconfigure-device handles kmem. A famfs
 * device (fsdev_dax) counts as enabled, and disable unbinds it.
 */
#include <errno.h>
#include <stdbool.h>

#include <libdaxctl.h>

#include "daxctl.h"
#include "device.h"
#include "hotplug.h"
#include "options.h"

static int refuse_ram(struct daxctl_dev *dev, const char *op)
{
	return dev_err(dev, op, -ENXIO,
		"status operations are only applicable in devdax mode; "
		"use reconfigure-device");
}

static int enable_one(struct daxctl_dev *dev, void *arg)
{
	int mode = dev_mode_now(dev);
	int rc;

	if (mode == DEV_SYSTEM_RAM)
		return refuse_ram(dev, "enable");
	if (mode == DEV_DEVDAX || mode == DEV_FAMFS)
		return 0;
	if (!daxctl_dev_get_size(dev))
		return dev_err(dev, "enable", -ENXIO,
			"the device has size 0; "
			"give it a size with reconfigure-device -s");
	rc = daxctl_dev_enable_devdax(dev);
	return rc ? bind_err(dev, "enable", rc) : 0;
}

static int disable_one(struct daxctl_dev *dev, void *arg)
{
	int mode = dev_mode_now(dev);
	int rc;

	if (mode == DEV_SYSTEM_RAM)
		return refuse_ram(dev, "disable");
	if (mode == DEV_UNBOUND)
		return 0;
	rc = daxctl_dev_disable(dev);
	if (rc == -EOPNOTSUPP)
		return bind_err(dev, "disable", rc);
	return rc ? dev_err(dev, "disable", rc, NULL) : 0;
}

static int run(struct daxctl_ctx *ctx, int argc, const char **argv,
		const char *usage, struct dev_action *a)
{
	struct dev_opts o = { 0 };
	const struct opt opts[] = {
		OPT_DEV_COMMON(&o),
		OPT_DONE,
	};
	const struct opt_cmd cmd = { usage, opts };
	int rc, nr;

	rc = parse_options(argc - 1, argv + 1, &cmd, &nr);
	if (rc)
		return rc;
	return dev_action_run(ctx, &cmd, &o, a, nr, argv + 1);
}

int cmd_enable(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct dev_action a = {
		.what = "enable",
		.doing = "enabling devices",
		.done = "enabled",
		.fn = enable_one,
	};

	return run(ctx, argc, argv, "daxctl enable-device <device> [<options>]",
			&a);
}

int cmd_disable(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct dev_action a = {
		.what = "disable",
		.doing = "disabling devices",
		.done = "disabled",
		.fn = disable_one,
	};

	return run(ctx, argc, argv, "daxctl disable-device <device> [<options>]",
			&a);
}
