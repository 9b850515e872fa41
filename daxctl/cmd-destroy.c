// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxctl destroy-device: give a device's capacity back to its region.
 * With --force an enabled device is disabled first; a system-ram device
 * is offlined and checked before kmem lets go of it, because unbinding
 * kmem with online blocks loses the range until reboot.
 */
#include <errno.h>
#include <stdbool.h>

#include <libdaxctl.h>

#include "daxctl.h"
#include "device.h"
#include "hotplug.h"
#include "options.h"

struct destroy_params {
	struct dev_opts o;
	bool force;
};

static int disable_first(struct daxctl_dev *dev, const struct destroy_params *p)
{
	int rc;

	if (!p->force)
		return dev_err(dev, "destroy", -ENXIO,
			"the device is enabled; --force disables it first");
	if (daxctl_dev_is_system_ram(dev) == DEV_SYSTEM_RAM)
		return ram_unplug(dev, p->o.verbose);
	rc = daxctl_dev_disable(dev);
	return rc ? dev_err(dev, "disable", rc, NULL) : 0;
}

static int destroy_one(struct daxctl_dev *dev, void *arg)
{
	const struct destroy_params *p = arg;
	int rc;

	if (daxctl_dev_is_enabled(dev)) {
		rc = disable_first(dev, p);
		if (rc)
			return rc;
	}
	if (daxctl_dev_get_size(dev)) {
		rc = daxctl_dev_set_size(dev, 0);
		if (rc)
			return dev_err(dev, "set size 0", rc, NULL);
	}
	/* the kernel never deletes daxX.0; at size 0 it is as gone as it gets */
	if (daxctl_dev_get_id(dev) == 0)
		return 0;
	rc = daxctl_region_destroy_dev(daxctl_dev_get_region(dev), dev);
	return rc ? dev_err(dev, "delete", rc, NULL) : 0;
}

int cmd_destroy(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct destroy_params p = { 0 };
	const struct opt opts[] = {
		OPT_DEV_COMMON(&p.o),
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
		.fn = destroy_one,
		.arg = &p,
	};

	return dev_command(argc, argv, ctx, &cmd, &p.o, &a);
}
