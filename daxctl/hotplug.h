/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hints for the kernel's refusals: each prints the one error line
 * (device, operation, errno text, hint) and returns @rc.
 */
#ifndef _DAXCTL_HOTPLUG_H_
#define _DAXCTL_HOTPLUG_H_

#include <stdbool.h>

struct daxctl_dev;

/* Explain @rc from daxctl_dev_set_memmap_on_memory(); 0 stays 0. */
int memmap_err(struct daxctl_dev *dev, bool enable, int rc);
/* Explain a failed kmem or device_dax bind. */
int bind_err(struct daxctl_dev *dev, const char *op, int rc);

#endif /* _DAXCTL_HOTPLUG_H_ */
