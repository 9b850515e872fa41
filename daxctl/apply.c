// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running a plan: each step, its inverse in the undo log, the rollback in
 * reverse order, and the re-read that proves the end state. The library
 * does the sysfs work; this file decides what to do and what to say.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libdaxctl.h>

#include "agents.h"
#include "apply.h"
#include "msg.h"
#include "hotplug.h"
#include "interrupt.h"
#include "kstate.h"

/* Blocks missing or going offline right after a bind: retry for 2 s. */
#define SETTLE_TRIES 40
#define SETTLE_USEC 50000
/* An offline that hit a busy page: two more tries, 0.5 s apart. */
#define OFFLINE_TRIES 2
#define OFFLINE_USEC 500000
/* Progress on a terminal past this many blocks or this many seconds. */
#define PROGRESS_BLOCKS 256
#define PROGRESS_SECS 1.0

struct run {
	struct plan *p;
	struct step *undo;
	int nr_undo, alloc;
	bool undoing;		/* running the undo log: no more inverses */
	bool stranded;		/* kmem let go with memory added: stop */
	bool failed;		/* an error line was printed */
	int done;		/* block writes, for the progress line */
	double t0;
	bool progress_shown;
	unsigned int limit;	/* offline time limit, seconds */
	int sig;		/* the signal that interrupted an offline */
};

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct daxctl_ctx *ctx_of(struct run *r)
{
	return daxctl_dev_get_ctx(r->p->dev);
}

static int push(struct run *r, enum step_op op, int arg, int block,
		unsigned long long val)
{
	struct step *s;

	if (r->undoing)
		return 0;
	if (r->nr_undo == r->alloc) {
		int n = r->alloc ? 2 * r->alloc : 16;

		s = realloc(r->undo, n * sizeof(*s));
		if (!s)
			return -ENOMEM;
		r->undo = s;
		r->alloc = n;
	}
	s = &r->undo[r->nr_undo++];
	s->op = op;
	s->arg = arg;
	s->block = block;
	s->val = val;
	return 0;
}

/* The one error line of the failure, or a rollback's "roll back: ..." line. */
static int fail(struct run *r, const char *op, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(struct run *r, const char *op, int rc, const char *fmt, ...)
{
	char hint[1024], full[96];
	va_list ap;

	hint[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(hint, sizeof(hint), fmt, ap);
		va_end(ap);
	}
	snprintf(full, sizeof(full), "%s%s", r->undoing ? "roll back: " : "", op);
	r->failed = true;
	if (fmt)
		return dev_err(r->p->dev, full, rc, "%s", hint);
	return dev_err(r->p->dev, full, rc, NULL);
}

static void progress(struct run *r)
{
	struct plan *p = r->p;

	r->done++;
	if (!isatty(STDERR_FILENO) || (r->done & 63))
		return;
	if (p->block_steps < PROGRESS_BLOCKS && now() - r->t0 < PROGRESS_SECS)
		return;
	fprintf(stderr, "\r%s: %d/%d blocks", daxctl_dev_get_devname(p->dev),
			r->done, p->block_steps > r->done ? p->block_steps : r->done);
	r->progress_shown = true;
}

static void progress_end(struct run *r)
{
	if (r->progress_shown)
		fputs("\r\033[K", stderr);
	r->progress_shown = false;
}

/* ---- blocks ---- */

static int zone_op(int zone)
{
	if (zone == DAXCTL_ZONE_MOVABLE)
		return DAXCTL_BLOCK_SET_ONLINE_MOVABLE;
	if (zone == DAXCTL_ZONE_NONE)
		return DAXCTL_BLOCK_SET_ONLINE;
	return DAXCTL_BLOCK_SET_ONLINE_KERNEL;
}

static int offline_err(struct run *r, int i, int rc)
{
	const char *op = "offline memory";
	int normal = r->p->start.zones[DAXCTL_ZONE_NORMAL];
	char blk[96];

	block_text(r->p->dev, i, blk, sizeof(blk));
	switch (rc) {
	case -EBUSY:
		if (normal <= 0)
			return fail(r, op, rc, "%s holds unmovable pages", blk);
		return fail(r, op, rc, "%s holds unmovable pages; %d of the device's "
			"blocks are in ZONE_NORMAL, where kernel allocations land",
			blk, normal);
	case -EINTR:
		if (r->sig)
			return fail(r, op, rc, "interrupted by %s while offlining %s; "
				"nothing was changed", strsignal(r->sig), blk);
		return fail(r, op, rc, "offlining %s was interrupted", blk);
	case -ETIMEDOUT:
		return fail(r, op, rc, "%s did not go offline within %u s: the kernel "
			"keeps retrying pages it cannot migrate (long-term pinned ones, "
			"for example); DAXCTL_OFFLINE_TIMEOUT=<seconds> waits longer",
			blk, r->limit);
	case -EINVAL:
		return fail(r, op, rc,
			"the kernel refused %s: it spans zones or has holes", blk);
	case -EACCES:
	case -EPERM:
		return fail(r, op, rc, "memory hotplug needs root");
	default:
		return fail(r, op, rc, "%s", blk);
	}
}

/* Write "offline" to block @i; a busy page gets two more tries. */
static int set_offline(struct run *r, int i)
{
	int rc, tries, sig;

	/* plan_apply() holds the guard: SIGINT, SIGTERM, the time limit */
	for (tries = 0;; tries++) {
		rc = daxctl_dev_set_block(r->p->dev, i, DAXCTL_BLOCK_SET_OFFLINE);
		if (rc != -EBUSY || tries == OFFLINE_TRIES || guard_fired())
			break;
		usleep(OFFLINE_USEC);
	}
	sig = guard_fired();
	if (rc == -EINTR && sig == SIGALRM)
		rc = -ETIMEDOUT;
	else if (rc == -EINTR)
		r->sig = sig;
	return rc;
}

static int step_offline(struct run *r, int i)
{
	int rc = set_offline(r, i);

	progress(r);
	if (rc < 0)
		return offline_err(r, i, rc);
	if (r->undoing || !r->p->start.zone || i >= r->p->start.nr_blocks)
		return 0;
	return push(r, STEP_ONLINE, r->p->start.zone[i], i, 0);
}

static int zone_err(struct run *r, int i, int z)
{
	const char *policy = daxctl_get_auto_online_policy(ctx_of(r));
	char blk[96];

	block_text(r->p->dev, i, blk, sizeof(blk));
	return fail(r, "online memory", -EBUSY,
		"%s is online, but not in ZONE_%s as asked; if daxctl did not "
		"online it, another agent did "
		"(/sys/devices/system/memory/auto_online_blocks is %s)",
		blk, z == DAXCTL_ZONE_MOVABLE ? "MOVABLE" : "NORMAL",
		policy ? policy : "unreadable");
}

static int online_err(struct run *r, int i, int rc)
{
	char blk[96];

	block_text(r->p->dev, i, blk, sizeof(blk));
	if (rc == -ENXIO)
		return fail(r, "online memory", rc, "%s is missing or going offline", blk);
	if (rc == -EACCES || rc == -EPERM)
		return fail(r, "online memory", rc, "memory hotplug needs root");
	return fail(r, "online memory", rc, "the kernel refused %s", blk);
}

/* Online block @i into @z; a racing agent that did it counts if the zone is right. */
static int step_online(struct run *r, int i, int z)
{
	struct daxctl_dev *dev = r->p->dev;
	enum daxctl_zone got;
	int rc = daxctl_dev_set_block(dev, i, zone_op(z));

	progress(r);
	if (rc < 0)
		return online_err(r, i, rc);
	if (!r->undoing && push(r, STEP_OFFLINE, 0, i, 0))
		return -ENOMEM;
	if (rc == 0) {
		r->p->onlined++;
		return 0;	/* the end state is re-read by verify() */
	}
	/* someone else onlined it: only the zone can still be wrong */
	r->p->already++;
	rc = daxctl_dev_read_block(dev, i, &got);
	if (rc < 0)
		return online_err(r, i, rc);
	if (z != DAXCTL_ZONE_NONE && rc == DAXCTL_BLOCK_ONLINE &&
	    (int)got != z && got != DAXCTL_ZONE_NONE)
		return zone_err(r, i, z);
	return 0;
}

/* Read every block until none is missing or going offline (2 s at most). */
static int settle(struct run *r, struct dev_state *s)
{
	int tries, rc;

	for (tries = 0;; tries++) {
		rc = state_read(r->p->dev, s, true);
		if (rc)
			return rc;
		if (!s->count[DAXCTL_BLOCK_ABSENT] && !s->count[DAXCTL_BLOCK_GOING_OFFLINE])
			return 0;
		if (s->kstate == KSTATE_UNPLUGGED || tries == SETTLE_TRIES)
			return 0;
		state_release(s);
		usleep(SETTLE_USEC);
	}
}

static int plug(struct run *r, int type)
{
	int rc = kstate_set(r->p->dev, type);

	if (rc)
		return fail(r, "hot-add memory", rc, "writing %s to %s/state",
				kstate_name(type), daxctl_dev_get_devname(r->p->dev));
	return push(r, STEP_UNPLUG, 0, -1, 0);
}

/* After a kmem bind: every block online into @z (kmem state: in one write). */
static int step_online_all(struct run *r, int z)
{
	struct dev_state s;
	int i, rc;

	rc = settle(r, &s);
	if (rc)
		return fail(r, "online memory", rc, "cannot read the memory blocks");
	if (s.kstate >= 0 && (s.kstate == KSTATE_UNPLUGGED ||
			s.count[DAXCTL_BLOCK_OFFLINE] == s.nr_blocks)) {
		r->p->backend = BACKEND_KSTATE;
		rc = s.kstate == KSTATE_UNPLUGGED ? 0 : kstate_set(r->p->dev, KSTATE_UNPLUGGED);
		if (!rc)
			rc = plug(r, z == DAXCTL_ZONE_MOVABLE ? KSTATE_ONLINE_MOVABLE :
					KSTATE_ONLINE_KERNEL);
		state_release(&s);
		return rc;
	}
	for (i = 0, rc = 0; i < s.nr_blocks && !rc; i++) {
		if (s.block[i] == DAXCTL_BLOCK_ONLINE) {
			r->p->already++;
			if (s.zone[i] != z && s.zone[i] != DAXCTL_ZONE_NONE)
				rc = zone_err(r, i, z);
			continue;
		}
		if (s.block[i] != DAXCTL_BLOCK_OFFLINE)
			rc = online_err(r, i, -ENXIO);
		else
			rc = step_online(r, i, z);
	}
	state_release(&s);
	return rc;
}

/* Undo of a bind: offline what is online now (or unplug), highest first. */
static int step_offline_all(struct run *r)
{
	struct dev_state s;
	int i, rc;

	rc = state_read(r->p->dev, &s, true);
	if (rc)
		return fail(r, "offline memory", rc, "cannot read the memory blocks");
	if (s.kstate >= 0 && s.kstate != KSTATE_UNPLUGGED) {
		rc = kstate_set(r->p->dev, KSTATE_UNPLUGGED);
		state_release(&s);
		return rc ? fail(r, "hot-remove memory", rc, NULL) : 0;
	}
	for (i = s.nr_blocks - 1, rc = 0; i >= 0 && !rc; i--)
		if (s.block[i] == DAXCTL_BLOCK_ONLINE ||
		    s.block[i] == DAXCTL_BLOCK_GOING_OFFLINE)
			rc = set_offline(r, i) < 0 ? offline_err(r, i, -EBUSY) : 0;
	state_release(&s);
	return rc;
}

/* Undo of a hot-remove: each block back to its start state and zone. */
static int step_restore_blocks(struct run *r)
{
	const struct dev_state *st = &r->p->start;
	struct dev_state s;
	int i, rc, bad = 0;

	rc = settle(r, &s);
	if (rc)
		return fail(r, "restore memory blocks", rc, NULL);
	if (s.kstate == KSTATE_UNPLUGGED && st->count[DAXCTL_BLOCK_ABSENT] != st->nr_blocks) {
		rc = kstate_set(r->p->dev, st->zones[DAXCTL_ZONE_NORMAL] ?
				KSTATE_ONLINE_KERNEL : KSTATE_ONLINE_MOVABLE);
		state_release(&s);
		if (rc || (rc = settle(r, &s)))
			return fail(r, "hot-add memory", rc, NULL);
	}
	for (i = s.nr_blocks - 1; i >= 0 && i < st->nr_blocks; i--) {
		bool want_on = st->block[i] == DAXCTL_BLOCK_ONLINE;
		bool on = s.block[i] == DAXCTL_BLOCK_ONLINE;

		if (on && (!want_on || s.zone[i] != st->zone[i]))
			bad += set_offline(r, i) < 0;
	}
	for (i = 0; i < s.nr_blocks && i < st->nr_blocks; i++)
		if (st->block[i] == DAXCTL_BLOCK_ONLINE &&
		    daxctl_dev_set_block(r->p->dev, i, zone_op(st->zone[i])) < 0)
			bad++;
	state_release(&s);
	if (bad)
		return fail(r, "restore memory blocks", -EBUSY,
			"%d block%s could not be put back", bad, plural(bad));
	return 0;
}

/* ---- the never-strand checks ---- */

static int step_recheck(struct run *r)
{
	struct daxctl_dev *dev = r->p->dev;
	char agents[768], blk[96];
	enum daxctl_zone z;
	int i, n, rc;

	if (dev_mode(dev) != DAX_MODE_RAM)
		return fail(r, "unbind kmem", -EBUSY,
			"another agent changed the driver to %s meanwhile",
			mode_name(dev_mode(dev)));
	n = daxctl_dev_get_nr_blocks(dev);
	for (i = 0; i < n; i++) {
		rc = daxctl_dev_read_block(dev, i, &z);
		if (rc < 0)
			return fail(r, "unbind kmem", rc, "cannot re-check the blocks");
		if (rc != DAXCTL_BLOCK_ONLINE && rc != DAXCTL_BLOCK_GOING_OFFLINE)
			continue;
		block_text(dev, i, blk, sizeof(blk));
		agents_text(ctx_of(r), agents, sizeof(agents));
		return fail(r, "unbind kmem", -EBUSY,
			"%s went online again after daxctl offlined it: another agent "
			"is onlining memory (%s); kmem was not unbound", blk, agents);
	}
	return n < 0 ? fail(r, "unbind kmem", n, "cannot re-check the blocks") : 0;
}

static void ranges_text(struct daxctl_dev *dev, char *buf, int len)
{
	struct daxctl_mapping *m;
	int used = 0;

	buf[0] = '\0';
	daxctl_mapping_foreach(dev, m) {
		used += snprintf(buf + used, len - used, "%s%#llx-%#llx",
				used ? ", " : "", daxctl_mapping_get_start(m),
				daxctl_mapping_get_end(m));
		if (used >= len)
			return;
	}
	if (!used)
		snprintf(buf, len, "%#llx-%#llx", daxctl_dev_get_resource(dev),
				daxctl_dev_get_resource(dev) + daxctl_dev_get_size(dev) - 1);
}

/* After the kmem unbind: no block left, no System RAM (kmem) in the range. */
static int step_gone(struct run *r)
{
	struct daxctl_dev *dev = r->p->dev;
	int i, n, present = 0, ram;
	char ranges[256];

	n = daxctl_dev_get_nr_blocks(dev);
	for (i = 0; i < n; i++)
		present += daxctl_dev_read_block(dev, i, NULL) != DAXCTL_BLOCK_ABSENT;
	ram = daxctl_dev_count_iomem_ram(dev);
	if (!present && ram <= 0)
		return 0;
	r->stranded = true;
	ranges_text(dev, ranges, sizeof(ranges));
	return fail(r, "unbind kmem", -EBUSY,
		"memory stranded until reboot: kmem let go of %s but the kernel kept "
		"%s added (%d of %d block%s present%s); it is lost to both "
		"system-ram and devdax until the next boot",
		daxctl_dev_get_devname(dev), ranges, present, n, plural(n),
		ram > 0 ? ", System RAM (kmem) in /proc/iomem" : "");
}

/* ---- drivers ---- */

static int check_users_now(struct run *r, const char *op)
{
	int pids[8], n;

	if (r->undoing || r->p->req.force)
		return 0;
	n = dev_users(r->p->dev, pids, 8);
	if (n <= 0)
		return 0;
	return fail(r, op, -EBUSY, "/dev/%s is open or mapped by PID %d%s; "
		"--force kills the users with SIGBUS",
		daxctl_dev_get_devname(r->p->dev), pids[0], n > 1 ? " and others" : "");
}

/* The unbind failed with EBUSY: a block online again, or the driver held on. */
static int unbind_busy(struct run *r, const char *op, int rc)
{
	struct daxctl_dev *dev = r->p->dev;
	char agents[768], blk[96];
	int i, n = daxctl_dev_get_nr_blocks(dev);

	for (i = 0; i < n; i++) {
		if (daxctl_dev_read_block(dev, i, NULL) != DAXCTL_BLOCK_ONLINE)
			continue;
		block_text(dev, i, blk, sizeof(blk));
		agents_text(ctx_of(r), agents, sizeof(agents));
		return fail(r, op, rc, "%s went online again after daxctl offlined "
			"it: another agent is onlining memory (%s)", blk, agents);
	}
	return fail(r, op, rc, "kmem is still bound after the unbind (see dmesg)");
}

static int step_unbind(struct run *r, int mode)
{
	struct daxctl_dev *dev = r->p->dev;
	const char *op = mode == DAX_MODE_RAM ? "unbind kmem" :
		mode == DAX_MODE_FAMFS ? "unbind fsdev_dax" : "unbind device_dax";
	int rc;

	if (mode != DAX_MODE_RAM && (rc = check_users_now(r, op)))
		return rc;
	rc = daxctl_dev_disable(dev);
	if (rc == -EBUSY && mode == DAX_MODE_RAM && dev_mode(dev) == DAX_MODE_RAM)
		return unbind_busy(r, op, rc);
	if (rc)
		return fail(r, op, rc, NULL);
	if (mode == DAX_MODE_RAM) {
		rc = push(r, STEP_RESTORE_BLOCKS, 0, -1, 0);
		if (rc)
			return rc;
	}
	return push(r, STEP_BIND, mode, -1, 0);
}

static int bind_fail(struct run *r, const char *op, int rc)
{
	int now = dev_mode(r->p->dev);

	if (now != DAX_MODE_UNBOUND && now != r->p->start.mode)
		return fail(r, op, rc, "another agent bound the device to %s "
			"while daxctl had it unbound (a udev rule, or a second tool?)",
			mode_name(now));
	if (r->undoing)
		return fail(r, op, rc, NULL);
	r->failed = true;
	return bind_err(r->p->dev, op, rc);
}

static int step_bind(struct run *r, int mode)
{
	struct daxctl_dev *dev = r->p->dev;
	const char *op;
	int rc;

	switch (mode) {
	case DAX_MODE_RAM:
		op = "bind kmem";
		rc = daxctl_dev_enable_ram(dev);
		break;
	case DAX_MODE_DEVDAX:
		op = "bind device_dax";
		rc = daxctl_dev_enable_devdax(dev);
		break;
	case DAX_MODE_FAMFS:
		op = "bind fsdev_dax";
		rc = daxctl_dev_enable_famfs(dev);
		break;
	default:
		return fail(r, "bind", -EINVAL, "no driver for %s mode", mode_name(mode));
	}
	if (rc)
		return bind_fail(r, op, rc);
	if (mode != DAX_MODE_RAM)
		return push(r, STEP_UNBIND, mode, -1, 0);
	/* undone as: offline all, re-check, unbind, verify gone */
	if ((rc = push(r, STEP_GONE, 0, -1, 0)) ||
	    (rc = push(r, STEP_UNBIND, DAX_MODE_RAM, -1, 0)) ||
	    (rc = push(r, STEP_RECHECK, 0, -1, 0)))
		return rc;
	return push(r, STEP_OFFLINE_ALL, 0, -1, 0);
}

/* ---- attributes ---- */

static int step_memmap(struct run *r, int v)
{
	int old = daxctl_dev_get_memmap_on_memory(r->p->dev);
	int rc = daxctl_dev_set_memmap_on_memory(r->p->dev, v);

	if (rc) {
		r->failed = true;
		return r->undoing ? fail(r, "set memmap_on_memory", rc, NULL) :
			memmap_err(r->p->dev, v, rc);
	}
	return old >= 0 ? push(r, STEP_MEMMAP, old, -1, 0) : 0;
}

static int geometry_fail(struct run *r, const char *op, int rc)
{
	if (rc == -EACCES || rc == -EPERM)
		return fail(r, op, rc,
			"static (pmem) regions cannot be resized; needs root otherwise");
	return fail(r, op, rc, NULL);
}

static int step_geometry(struct run *r, const struct step *s)
{
	struct daxctl_dev *dev = r->p->dev;
	unsigned long long old;
	int rc;

	if (s->op == STEP_ALIGN) {
		old = daxctl_dev_get_align(dev);
		rc = daxctl_dev_set_align(dev, s->val);
	} else {
		old = daxctl_dev_get_size(dev);
		rc = daxctl_dev_set_size(dev, s->val);
	}
	if (rc)
		return geometry_fail(r, s->op == STEP_ALIGN ? "set align" : "set size", rc);
	return push(r, s->op, 0, -1, old);
}

static int step_delete(struct run *r)
{
	struct daxctl_dev *dev = r->p->dev;
	int rc = daxctl_region_destroy_dev(daxctl_dev_get_region(dev), dev);

	return rc ? fail(r, "delete", rc, NULL) : 0;
}

static int step_unplug(struct run *r)
{
	int rc = kstate_set(r->p->dev, KSTATE_UNPLUGGED);

	if (rc == -EBUSY)
		return fail(r, "hot-remove memory", rc,
			"the kernel could not offline every block (unmovable pages?) "
			"and left the memory online");
	if (rc)
		return fail(r, "hot-remove memory", rc, NULL);
	return push(r, STEP_RESTORE_BLOCKS, 0, -1, 0);
}

static int do_step(struct run *r, const struct step *s)
{
	switch (s->op) {
	case STEP_OFFLINE:
		return step_offline(r, s->block);
	case STEP_ONLINE:
		return step_online(r, s->block, s->arg);
	case STEP_OFFLINE_ALL:
		return step_offline_all(r);
	case STEP_ONLINE_ALL:
		return step_online_all(r, s->arg);
	case STEP_RECHECK:
		return step_recheck(r);
	case STEP_UNPLUG:
		return step_unplug(r);
	case STEP_PLUG:
		return plug(r, s->arg);
	case STEP_UNBIND:
		return step_unbind(r, s->arg);
	case STEP_GONE:
		return step_gone(r);
	case STEP_BIND:
		return step_bind(r, s->arg);
	case STEP_MEMMAP:
		return step_memmap(r, s->arg);
	case STEP_ALIGN:
	case STEP_SIZE:
		return step_geometry(r, s);
	case STEP_DELETE:
		return step_delete(r);
	case STEP_RESTORE_BLOCKS:
		return step_restore_blocks(r);
	default:
		return -EINVAL;
	}
}

/* ---- verification ---- */

static const char *block_word(int b)
{
	static const char *const w[] = { "absent", "offline", "online", "going offline" };

	return w[b & 3];
}

/* Compare the blocks of @now with @st; a description of the first difference. */
static bool blocks_differ(struct daxctl_dev *dev, const struct dev_state *now,
		const struct dev_state *st, char *buf, int len)
{
	char blk[96];
	int i;

	if (now->nr_blocks != st->nr_blocks) {
		snprintf(buf, len, "%d blocks, was %d", now->nr_blocks, st->nr_blocks);
		return true;
	}
	for (i = 0; i < now->nr_blocks; i++) {
		if (now->block[i] == st->block[i] && now->zone[i] == st->zone[i])
			continue;
		block_text(dev, i, blk, sizeof(blk));
		snprintf(buf, len, "%s is %s%s%s, was %s%s%s", blk,
			block_word(now->block[i]), now->zone[i] ? " in " : "",
			daxctl_zone_name(now->zone[i]) ?: "", block_word(st->block[i]),
			st->zone[i] ? " in " : "", daxctl_zone_name(st->zone[i]) ?: "");
		return true;
	}
	return false;
}

static bool state_differs(struct daxctl_dev *dev, const struct dev_state *now,
		const struct dev_state *st, char *buf, int len)
{
	if (now->mode != st->mode) {
		snprintf(buf, len, "in %s mode, was %s", mode_name(now->mode),
				mode_name(st->mode));
		return true;
	}
	if (now->memmap != st->memmap) {
		snprintf(buf, len, "memmap_on_memory is %d, was %d", now->memmap,
				st->memmap);
		return true;
	}
	if (now->size != st->size || now->align != st->align) {
		snprintf(buf, len, "size %#llx align %#lx, was %#llx %#lx",
				now->size, now->align, st->size, st->align);
		return true;
	}
	return st->blocks_read && blocks_differ(dev, now, st, buf, len);
}

static bool target_differs(const struct plan *p, const struct dev_state *now,
		char *buf, int len)
{
	char blk[96];
	int i;

	if (p->want_mode != now->mode) {
		snprintf(buf, len, "in %s mode, not %s", mode_name(now->mode),
				mode_name(p->want_mode));
		return true;
	}
	if (p->want_memmap >= 0 && now->memmap != p->want_memmap) {
		snprintf(buf, len, "memmap_on_memory is %d, not %d", now->memmap,
				p->want_memmap);
		return true;
	}
	if (now->mode != DAX_MODE_RAM || !now->blocks_read)
		return false;
	for (i = 0; i < now->nr_blocks; i++) {
		bool ok = p->want_blocks == WANT_ANY ||
			(p->want_blocks == WANT_OFFLINE && now->block[i] == DAXCTL_BLOCK_OFFLINE) ||
			(p->want_blocks == WANT_ONLINE && now->block[i] == DAXCTL_BLOCK_ONLINE &&
			 (now->zone[i] == p->want_zone || now->zone[i] == DAXCTL_ZONE_NONE)) ||
			p->want_blocks == WANT_AS_START || p->want_blocks == WANT_ABSENT;

		if (ok)
			continue;
		block_text(p->dev, i, blk, sizeof(blk));
		snprintf(buf, len, "%s is %s%s%s", blk, block_word(now->block[i]),
				now->zone[i] ? " in " : "",
				daxctl_zone_name(now->zone[i]) ?: "");
		return true;
	}
	return false;
}

/* Re-read and compare: with the target (@after_undo false) or the start. */
static int verify(struct run *r, bool after_undo, int rc_in)
{
	struct plan *p = r->p;
	struct dev_state now;
	char diff[256];
	bool bad;
	int rc;

	if (p->req.kind == PLAN_DESTROY && !after_undo && daxctl_dev_get_id(p->dev) > 0)
		return 0;	/* deleted: nothing left to read */
	rc = state_read(p->dev, &now, p->start.blocks_read || p->want_blocks != WANT_ANY);
	if (rc) {
		r->undoing = after_undo;
		fail(r, after_undo ? "verify" : "verify", rc,
				"cannot re-read the device to check it");
		state_release(&now);
		return rc_in ? rc_in : rc;
	}
	bad = after_undo ? state_differs(p->dev, &now, &p->start, diff, sizeof(diff))
			 : target_differs(p, &now, diff, sizeof(diff));
	state_release(&now);
	if (!bad)
		return rc_in;
	r->undoing = false;
	fail(r, after_undo ? "roll back" : "verify", -EIO,
		after_undo ? "the device is not as it was: %s" :
			     "the device did not end as planned: %s", diff);
	return rc_in ? rc_in : -EIO;
}

static void rollback(struct run *r)
{
	int i;

	r->undoing = true;
	for (i = r->nr_undo - 1; i >= 0; i--)
		do_step(r, &r->undo[i]);
	r->undoing = false;
}

int plan_apply(struct plan *p)
{
	struct run r = { .p = p, .t0 = now() };
	int i, rc = 0;

	r.limit = offline_time_limit(p->start.nr_blocks);
	guard_begin(r.limit);
	for (i = 0; i < p->nr_steps && !rc; i++) {
		rc = do_step(&r, &p->steps[i]);
		if (!rc && guard_stop_requested())
			rc = fail(&r, p->req.kind == PLAN_OFFLINE ? "offline memory" :
				"reconfigure", -EINTR, "interrupted by %s; nothing was changed",
				strsignal(guard_stop_requested()));
	}
	progress_end(&r);
	if (rc && r.stranded) {
		guard_end();
		free(r.undo);
		return rc;
	}
	if (rc) {
		if (!r.failed)
			fail(&r, "apply", rc, NULL);
		rollback(&r);
		guard_end();
		rc = verify(&r, true, rc);
	} else {
		guard_end();
		rc = verify(&r, false, 0);
	}
	free(r.undo);
	return rc;
}

int plan_report(const struct plan *p)
{
	if (p->rc >= 0)
		return 0;
	return dev_err(p->dev, p->op, p->rc, p->why[0] ? "%s" : NULL, p->why);
}
