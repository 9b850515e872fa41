// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Whole-device hotplug through kmem's daxX.Y/state (Linux 7.x), and the
 * processes that hold a device's character device.
 */
#include <errno.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "private.h"

static const char * const kmem_state_names[] = {
	[DAXCTL_KMEM_STATE_OFFLINE] = "offline",
	[DAXCTL_KMEM_STATE_ONLINE] = "online",
	[DAXCTL_KMEM_STATE_ONLINE_KERNEL] = "online_kernel",
	[DAXCTL_KMEM_STATE_ONLINE_MOVABLE] = "online_movable",
	[DAXCTL_KMEM_STATE_UNPLUGGED] = "unplugged",
};

DAXCTL_EXPORT const char *daxctl_kmem_state_name(enum daxctl_kmem_state state)
{
	if ((unsigned int)state >= ARRAY_SIZE(kmem_state_names))
		return NULL;
	return kmem_state_names[state];
}

static enum daxctl_kmem_state kmem_state_parse(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kmem_state_names); i++)
		if (kmem_state_names[i] && !strcmp(s, kmem_state_names[i]))
			return (enum daxctl_kmem_state)i;
	return DAXCTL_KMEM_STATE_UNKNOWN;
}

/* A kmem driver attribute: present only while kmem is bound (commit 2a6f2aef1126). */
DAXCTL_EXPORT int daxctl_dev_get_kmem_state(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx;
	char buf[32];
	int rc;

	if (!dev)
		return -EINVAL;
	if (dev->class_model)
		return -ENOENT;
	ctx = dev->region->ctx;
	rc = sysfs_read_str(ctx, &dev->dir, "state", buf, sizeof(buf));
	if (rc)
		return rc;
	rc = kmem_state_parse(buf);
	if (rc == DAXCTL_KMEM_STATE_UNKNOWN)
		err(ctx, "%s/state: unexpected value \"%s\"", dev->dir.path, buf);
	return rc;
}

static bool kmem_state_writable(enum daxctl_kmem_state state)
{
	/* the kernel refuses "offline" on purpose; so does this library */
	return state == DAXCTL_KMEM_STATE_ONLINE ||
		state == DAXCTL_KMEM_STATE_ONLINE_KERNEL ||
		state == DAXCTL_KMEM_STATE_ONLINE_MOVABLE ||
		state == DAXCTL_KMEM_STATE_UNPLUGGED;
}

DAXCTL_EXPORT int daxctl_dev_set_kmem_state(struct daxctl_dev *dev,
		enum daxctl_kmem_state state)
{
	struct daxctl_ctx *ctx;
	int rc;

	if (!dev || !kmem_state_writable(state))
		return -EINVAL;
	if (dev->class_model)
		return -ENOENT;
	ctx = dev->region->ctx;
	rc = sysfs_exists(ctx, &dev->dir, "state");
	if (rc <= 0)
		return rc ? rc : -ENOENT;
	/* blocks appear or vanish, and the node's pages change */
	ctx_forget_node_pages(ctx);
	rc = sysfs_write_str(ctx, &dev->dir, "state", kmem_state_names[state]);
	memory_invalidate(dev->mem);
	if (rc)
		dbg(ctx, "%s: write state=%s: %s", dev->devname,
				kmem_state_names[state], strerror(-rc));
	return rc;
}

DAXCTL_EXPORT int daxctl_dev_get_users(struct daxctl_dev *dev, int *pids,
		int max)
{
	if (!dev || max < 0 || (max > 0 && !pids))
		return -EINVAL;
	if (dev->major < 0 || dev->minor < 0)
		return -ENODEV;
	return procfs_chrdev_users(dev->region->ctx,
			makedev(dev->major, dev->minor), pids, max);
}
