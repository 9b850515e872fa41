/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory hotplug steps shared by reconfigure-device, online-memory,
 * offline-memory and destroy-device. Each prints its own one-line error
 * (device, operation, errno, hint) and returns 0 or a negative errno.
 */
#ifndef _DAXCTL_HOTPLUG_H_
#define _DAXCTL_HOTPLUG_H_

#include <errno.h>
#include <stdbool.h>

struct daxctl_dev;

/* The values of daxctl_dev_is_system_ram(), and famfs (fsdev_dax). */
enum dev_mode {
	DEV_UNBOUND = -ENODEV,
	DEV_DEVDAX = 0,
	DEV_SYSTEM_RAM = 1,
	DEV_FAMFS = 2,
};

/* An enum dev_mode; another driver counts as devdax, as it always has. */
int dev_mode_now(struct daxctl_dev *dev);
/* "system-ram mode", "devdax mode", "famfs mode" or "disabled". */
const char *dev_mode_name(int mode);

/* Enough of a device's state to put it back after a failed change. */
struct dev_snapshot {
	int mode;		/* enum dev_mode */
	int memmap;		/* memmap_on_memory: 1, 0 or -errno */
	int online;		/* online blocks (system-ram only) */
	bool movable;		/* most of them were in ZONE_MOVABLE */
};

void dev_snapshot(struct daxctl_dev *dev, struct dev_snapshot *s);
/* Best effort; says what state the device was left in if it fails. */
int dev_restore(struct daxctl_dev *dev, const struct dev_snapshot *s);

/* Online every block into ZONE_MOVABLE or (!@movable) ZONE_NORMAL. */
int mem_online(struct daxctl_dev *dev, bool movable, bool verbose);
/* Offline every block; all or nothing. */
int mem_offline(struct daxctl_dev *dev, bool verbose);
/* Offline every block, check, then unbind kmem. */
int ram_unplug(struct daxctl_dev *dev, bool verbose);

/* Write memmap_on_memory, explaining the kernel's refusals. */
int set_memmap(struct daxctl_dev *dev, bool enable);
/* Explain @rc from daxctl_dev_set_memmap_on_memory(); 0 stays 0. */
int memmap_err(struct daxctl_dev *dev, bool enable, int rc);

/* "N", "Y" or "force" for an enum daxctl_memmap_param. */
const char *memmap_param_name(int param);

/* Explain a failed kmem or device_dax bind. */
int bind_err(struct daxctl_dev *dev, const char *op, int rc);

#endif /* _DAXCTL_HOTPLUG_H_ */
