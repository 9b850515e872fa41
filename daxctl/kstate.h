/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kmem `state` attribute of Linux 7.x (kernel-abi.md §11), as the
 * engine sees it: kstate.c is the one place that calls the library's
 * daxctl_dev_get_kmem_state(), daxctl_dev_set_kmem_state().
 */
#ifndef _DAXCTL_KSTATE_H_
#define _DAXCTL_KSTATE_H_

struct daxctl_dev;

enum kstate {
	KSTATE_OFFLINE = 0,	/* added, every block offline (read only) */
	KSTATE_ONLINE,		/* "online": the online policy picked zones */
	KSTATE_ONLINE_KERNEL,
	KSTATE_ONLINE_MOVABLE,
	KSTATE_UNPLUGGED,	/* kmem bound, nothing added */
	KSTATE_NR,
};

/* enum kstate, -ENOENT when the attribute is absent, else -errno. */
int kstate_get(struct daxctl_dev *dev);
/* Write @s (never KSTATE_OFFLINE: the kernel refuses it); 0 or -errno. */
int kstate_set(struct daxctl_dev *dev, enum kstate s);
/* "offline", "online", "online_kernel", "online_movable", "unplugged". */
const char *kstate_name(int s);

#endif /* _DAXCTL_KSTATE_H_ */
