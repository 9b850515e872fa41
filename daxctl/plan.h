/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The state-change engine, part 1: what a device is now, what was asked,
 * and the list of steps between the two. Every mutating command is
 * parse -> plan_build() -> plan_apply() (apply.h) -> print.
 *
 * Interfaces (stable; other branches build on them):
 *
 *   struct dev_state   read by state_read(): driver (enum dax_mode), the
 *                      kmem `state` attribute (kstate_get(), -ENOENT when
 *                      the kernel has none), memmap request, size, align,
 *                      and EVERY block's state and zone (one read each).
 *   struct plan_req    the request, filled by the command's parser.
 *   struct plan        plan_build(dev, req, plan): the start state, the
 *                      steps, and the first pre-flight check that fails
 *                      (plan->rc < 0, plan->op and plan->why for the error
 *                      line; plan->rc == 1: nothing to do). No write
 *                      happens before plan_apply().
 *   struct step        one write (or one check) the apply loop performs;
 *                      apply.c records each applied step's exact inverse.
 *
 * Backends: BLOCKS (memoryN/state one at a time) and KSTATE (the kmem
 * `state` attribute of Linux 7.x: "unplugged" = whole-device offline and
 * hot-remove, "online_movable"/"online_kernel"/"online" from unplugged =
 * hot-add and online). plan_build() picks KSTATE for a hot-remove or a
 * hot-add from unplugged when kstate_get() finds the attribute; a device
 * whose blocks disagree with the attribute is planned from its blocks.
 */
#ifndef _DAXCTL_PLAN_H_
#define _DAXCTL_PLAN_H_

#include <stdbool.h>

#include <libdaxctl.h>

/*
 * One mode enum for the whole CLI: the library's enum daxctl_dev_mode
 * (LIBDAXCTL_11) plus the two states a plan needs beyond it.
 */
enum dax_mode {
	DAX_MODE_KEEP = -3,	/* request: leave the driver as it is */
	DAX_MODE_UNBOUND = -2,	/* no driver */
	DAX_MODE_UNKNOWN = DAXCTL_DEV_MODE_UNKNOWN,	/* a driver daxctl does not manage */
	DAX_MODE_DEVDAX = DAXCTL_DEV_MODE_DEVDAX,	/* device_dax */
	DAX_MODE_RAM = DAXCTL_DEV_MODE_RAM,		/* kmem: system-ram */
	DAX_MODE_FAMFS = DAXCTL_DEV_MODE_FAMFS,		/* fsdev_dax: from devdax only */
};

/* "devdax", "system-ram", "famfs", "disabled", "unknown". */
const char *mode_name(int mode);
/* The device's driver as an enum dax_mode. */
int dev_mode(struct daxctl_dev *dev);

enum plan_kind {
	PLAN_RECONFIGURE,	/* -m, memmap switch, -C */
	PLAN_GEOMETRY,		/* -s / -a */
	PLAN_ONLINE,
	PLAN_OFFLINE,
	PLAN_ENABLE,
	PLAN_DISABLE,
	PLAN_CREATE,
	PLAN_DESTROY,
};

struct plan_req {
	enum plan_kind kind;
	int mode;		/* enum dax_mode: the target driver */
	int memmap;		/* 1, 0, or -1: leave it */
	bool online;		/* system-ram: online the blocks (not -N) */
	bool movable;		/* ... into ZONE_MOVABLE (not --no-movable) */
	bool force;
	bool verbose;
	bool set_size, set_align;
	unsigned long long size, align;
	const char *cause;	/* -C: "file [section]" for the messages */
};

struct dev_state {
	int mode;		/* enum dax_mode */
	int kstate;		/* enum kstate, or -ENOENT (no attribute) */
	int memmap;		/* 1, 0 or -errno */
	unsigned long long size;
	unsigned long align;
	int nr_blocks;		/* < 0: unknown (-errno) */
	unsigned char *block;	/* enum daxctl_block_state, per block */
	unsigned char *zone;	/* enum daxctl_zone of online blocks */
	int count[4];		/* blocks per enum daxctl_block_state */
	int zones[DAXCTL_ZONE_COUNT];	/* online blocks per zone */
	bool blocks_read;
};

/* Read @dev's state; @blocks: also every block (one read each). 0 or -errno. */
int state_read(struct daxctl_dev *dev, struct dev_state *s, bool blocks);
void state_release(struct dev_state *s);

enum step_op {
	STEP_OFFLINE,		/* block: write "offline" */
	STEP_ONLINE,		/* block: online into zone @arg (NONE: "online") */
	STEP_OFFLINE_ALL,	/* what is online now, highest block first */
	STEP_ONLINE_ALL,	/* after a kmem bind: every block into @arg */
	STEP_RECHECK,		/* last moment before a kmem unbind: all offline */
	STEP_UNPLUG,		/* kmem state := unplugged */
	STEP_PLUG,		/* kmem state := online type @arg (enum kstate) */
	STEP_UNBIND,		/* unbind driver @arg (enum dax_mode) */
	STEP_GONE,		/* after a kmem unbind: no block, no System RAM left */
	STEP_BIND,		/* bind driver @arg */
	STEP_MEMMAP,		/* memmap_on_memory := @arg */
	STEP_ALIGN,		/* align := @val */
	STEP_SIZE,		/* size := @val */
	STEP_DELETE,		/* dax_region/delete the device */
	STEP_RESTORE_BLOCKS,	/* undo only: every block back to the start state */
	STEP_NR,
};

struct step {
	unsigned char op;	/* enum step_op */
	signed char arg;
	int block;		/* block steps: index in the device */
	unsigned long long val;
};

enum plan_backend {
	BACKEND_NONE = 0,	/* no memory hotplug in this plan */
	BACKEND_BLOCKS,
	BACKEND_KSTATE,
};

struct plan {
	struct plan_req req;
	struct daxctl_dev *dev;
	struct dev_state start;
	int backend;		/* enum plan_backend */
	struct step *steps;
	int nr_steps, alloc;
	int block_steps;	/* for the progress display */
	int rc;			/* first failed check (-errno), 1 = nothing to do */
	char op[48];		/* the operation the failed check names */
	char why[640];		/* its hint */
	const char *note;	/* "already online" and the like, for rc == 1 */
	/* the end state apply must find */
	int want_mode;
	int want_memmap;	/* -1: any */
	int want_blocks;	/* enum want_blocks */
	int want_zone;
	int onlined, already;	/* filled by plan_apply() for the messages */
	unsigned long long memmap_bytes;	/* system-ram targets */
	const char *memmap_where;		/* "device", "system", NULL */
};

enum want_blocks {
	WANT_ANY = 0,		/* -N: whatever the policy does */
	WANT_AS_START,
	WANT_ONLINE,		/* every block online in want_zone */
	WANT_OFFLINE,
	WANT_ABSENT,		/* not hot-added */
};

/* Build @p (zeroed by the caller) for @dev. 0, or -errno for a failure to read. */
int plan_build(struct daxctl_dev *dev, const struct plan_req *req,
		struct plan *p);
void plan_release(struct plan *p);
/* Append a step; 0 or -ENOMEM. */
int plan_add(struct plan *p, enum step_op op, int arg, int block,
		unsigned long long val);
/* Record a failed check (the first one wins); returns @rc. */
int plan_fail(struct plan *p, const char *op, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A step's name for messages and --dry-run ("offline", "unbind kmem", ...). */
const char *step_name(const struct step *s, char *buf, int len);

/* "memory40 [0x140000000-0x147ffffff]" for block @i of @dev. */
void block_text(struct daxctl_dev *dev, int i, char *buf, int len);

/*
 * PIDs holding /dev/daxX.Y open or mapped: the count (may exceed @max) or
 * -errno, from daxctl_dev_get_users(); an error is treated as "unknown"
 * and lets the plan pass.
 */
int dev_users(struct daxctl_dev *dev, int *pids, int max);

#endif /* _DAXCTL_PLAN_H_ */
