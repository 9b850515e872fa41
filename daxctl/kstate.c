// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kmem `state` attribute. STUB until branch kmem73's library calls
 * land: replace the bodies of kstate_get() and kstate_set() with
 * daxctl_dev_get_kmem_state() / daxctl_dev_set_kmem_state().
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

int kstate_get(struct daxctl_dev *dev)
{
	(void)dev;
	return -ENOENT;		/* STUB (kmem73) */
}

int kstate_set(struct daxctl_dev *dev, enum kstate s)
{
	(void)dev;
	if (s == KSTATE_OFFLINE || s >= KSTATE_NR)
		return -EINVAL;
	return -ENOENT;		/* STUB (kmem73) */
}

const char *kstate_name(int s)
{
	if (s < 0 || s >= KSTATE_NR)
		return "unknown";
	return names[s];
}
