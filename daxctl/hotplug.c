// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the kernel's refusals of a memmap_on_memory write or a driver bind
 * mean, as the hint of the one error line.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libdaxctl.h>

#include "msg.h"
#include "hotplug.h"

static const char *const memmap_param_names[] = {
	[DAXCTL_MEMMAP_PARAM_OFF] = "N",
	[DAXCTL_MEMMAP_PARAM_ON] = "Y",
	[DAXCTL_MEMMAP_PARAM_FORCE] = "force",
};

static int memmap_unsupported(struct daxctl_dev *dev, const char *op, int rc)
{
	int param = daxctl_get_memmap_on_memory_param(daxctl_dev_get_ctx(dev));

	if (param == DAXCTL_MEMMAP_PARAM_OFF)
		return dev_err(dev, op, rc,
			"the global memory_hotplug.memmap_on_memory is N; "
			"boot with memory_hotplug.memmap_on_memory=1 or =force");
	if (param == DAXCTL_MEMMAP_PARAM_ON || param == DAXCTL_MEMMAP_PARAM_FORCE)
		return dev_err(dev, op, rc,
			"the global memory_hotplug.memmap_on_memory is %s, "
			"but the memory block size does not allow "
			"a memmap on the device here",
			memmap_param_names[param]);
	return dev_err(dev, op, rc,
		"the kernel is built without memmap_on_memory support "
		"(CONFIG_MHP_MEMMAP_ON_MEMORY)");
}

int memmap_err(struct daxctl_dev *dev, bool enable, int rc)
{
	const char *op = enable ? "set memmap_on_memory=1" :
		"set memmap_on_memory=0";

	switch (rc) {
	case 0:
		return 0;
	case -ENOENT:
		return dev_err(dev, op, rc,
			"kernel older than 6.9 has no per-device memmap_on_memory");
	case -EOPNOTSUPP:
		return memmap_unsupported(dev, op, rc);
	case -EBUSY:
		return dev_err(dev, op, rc,
			"the device is bound to kmem; "
			"the value can only change while it is not");
	case -EINTR:
		return dev_err(dev, op, rc, "interrupted by a signal");
	default:
		return dev_err(dev, op, rc, NULL);
	}
}

int bind_err(struct daxctl_dev *dev, const char *op, int rc)
{
	switch (rc) {
	case -EOPNOTSUPP:
		return dev_err(dev, op, rc,
			"the device uses the legacy /sys/class/dax model; "
			"run daxctl migrate-device-model and reboot");
	case -EBUSY:
		return dev_err(dev, op, rc,
			"bound to another driver, or the range is still held "
			"by a failed hot-remove (see dmesg; a reboot frees it)");
	case -EINVAL:
		return dev_err(dev, op, rc, "the kernel refused the device (see dmesg)");
	case -ENOENT:
		return dev_err(dev, op, rc, "the driver module is not available");
	default:
		return dev_err(dev, op, rc, NULL);
	}
}
