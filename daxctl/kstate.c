// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kmem `state` attribute of Linux 7.x through the library's
 * daxctl_dev_get_kmem_state() / daxctl_dev_set_kmem_state(). The CLI's
 * enum kstate counts from "offline"; the library's from UNKNOWN.
 */
#include <errno.h>

#include <libdaxctl.h>

#include "kstate.h"

static const char *const names[KSTATE_NR] = {
	[KSTATE_OFFLINE] = "offline",
	[KSTATE_ONLINE] = "online",
	[KSTATE_ONLINE_KERNEL] = "online_kernel",
	[KSTATE_ONLINE_MOVABLE] = "online_movable",
	[KSTATE_UNPLUGGED] = "unplugged",
};

static const enum daxctl_kmem_state to_lib[KSTATE_NR] = {
	[KSTATE_OFFLINE] = DAXCTL_KMEM_STATE_OFFLINE,
	[KSTATE_ONLINE] = DAXCTL_KMEM_STATE_ONLINE,
	[KSTATE_ONLINE_KERNEL] = DAXCTL_KMEM_STATE_ONLINE_KERNEL,
	[KSTATE_ONLINE_MOVABLE] = DAXCTL_KMEM_STATE_ONLINE_MOVABLE,
	[KSTATE_UNPLUGGED] = DAXCTL_KMEM_STATE_UNPLUGGED,
};

/* A value the library does not know is planned as no attribute: by the blocks. */
int kstate_get(struct daxctl_dev *dev)
{
	int rc = daxctl_dev_get_kmem_state(dev);
	int s;

	if (rc < 0)
		return rc;
	for (s = 0; s < KSTATE_NR; s++)
		if ((int)to_lib[s] == rc)
			return s;
	return -ENOENT;
}

int kstate_set(struct daxctl_dev *dev, enum kstate s)
{
	if (s == KSTATE_OFFLINE || s >= KSTATE_NR)
		return -EINVAL;
	return daxctl_dev_set_kmem_state(dev, to_lib[s]);
}

const char *kstate_name(int s)
{
	if (s < 0 || s >= KSTATE_NR)
		return "unknown";
	return names[s];
}
