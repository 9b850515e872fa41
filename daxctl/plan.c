// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a device's state and planning a change: every check that can
 * fail is made here, before the first write, so a refused request leaves
 * the device untouched and --dry-run can say what would happen.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libdaxctl.h>

#include "msg.h"
#include "kstate.h"
#include "plan.h"

#define AUTO_ONLINE_PATH "/sys/devices/system/memory/auto_online_blocks"
#define MAX_PIDS 16

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

const char *mode_name(int mode)
{
	switch (mode) {
	case DAX_MODE_DEVDAX:
		return "devdax";
	case DAX_MODE_RAM:
		return "system-ram";
	case DAX_MODE_FAMFS:
		return "famfs";
	case DAX_MODE_UNBOUND:
		return "disabled";
	default:
		return "unknown";
	}
}

int dev_mode(struct daxctl_dev *dev)
{
	if (!daxctl_dev_is_enabled(dev))
		return DAX_MODE_UNBOUND;
	return daxctl_dev_get_mode(dev);	/* UNKNOWN: another driver */
}

int dev_users(struct daxctl_dev *dev, int *pids, int max)
{
	return daxctl_dev_get_users(dev, pids, max);
}

void block_text(struct daxctl_dev *dev, int i, char *buf, int len)
{
	unsigned long long bs = daxctl_get_memory_block_size(daxctl_dev_get_ctx(dev));
	unsigned long long start = daxctl_dev_get_block_start(dev, i);
	long long id = daxctl_dev_get_block_id(dev, i);

	if (id < 0 || !bs || start == ~0ULL) {
		snprintf(buf, len, "a memory block");
		return;
	}
	snprintf(buf, len, "memory%lld [%#llx-%#llx]", id, start, start + bs - 1);
}

/* ---- state ---- */

static int read_blocks(struct daxctl_dev *dev, struct dev_state *s)
{
	enum daxctl_zone z;
	int i, rc;

	s->nr_blocks = daxctl_dev_get_nr_blocks(dev);
	if (s->nr_blocks < 0)
		return s->nr_blocks;
	s->block = calloc(s->nr_blocks + 1, 1);
	s->zone = calloc(s->nr_blocks + 1, 1);
	if (!s->block || !s->zone)
		return -ENOMEM;
	for (i = 0; i < s->nr_blocks; i++) {
		rc = daxctl_dev_read_block(dev, i, &z);
		if (rc < 0)
			return rc;
		s->block[i] = rc;
		s->zone[i] = rc == DAXCTL_BLOCK_ONLINE ? z : DAXCTL_ZONE_NONE;
		s->count[rc & 3]++;
		if (rc == DAXCTL_BLOCK_ONLINE)
			s->zones[s->zone[i] % DAXCTL_ZONE_COUNT]++;
	}
	s->blocks_read = true;
	return 0;
}

int state_read(struct daxctl_dev *dev, struct dev_state *s, bool blocks)
{
	int rc;

	memset(s, 0, sizeof(*s));
	s->nr_blocks = -ENODATA;
	rc = daxctl_dev_refresh(dev);
	if (rc)
		return rc;
	s->mode = dev_mode(dev);
	s->kstate = s->mode == DAX_MODE_RAM ? kstate_get(dev) : -ENOENT;
	s->memmap = daxctl_dev_get_memmap_on_memory(dev);
	s->size = daxctl_dev_get_size(dev);
	s->align = daxctl_dev_get_align(dev);
	if (!blocks || s->mode != DAX_MODE_RAM)
		return 0;
	return read_blocks(dev, s);
}

void state_release(struct dev_state *s)
{
	free(s->block);
	free(s->zone);
	s->block = s->zone = NULL;
}

/* ---- building ---- */

int plan_add(struct plan *p, enum step_op op, int arg, int block,
		unsigned long long val)
{
	struct step *s;

	if (p->nr_steps == p->alloc) {
		int n = p->alloc ? 2 * p->alloc : 16;

		s = realloc(p->steps, n * sizeof(*s));
		if (!s)
			return -ENOMEM;
		p->steps = s;
		p->alloc = n;
	}
	s = &p->steps[p->nr_steps++];
	s->op = op;
	s->arg = arg;
	s->block = block;
	s->val = val;
	if (op == STEP_OFFLINE || op == STEP_ONLINE)
		p->block_steps++;
	return 0;
}

int plan_fail(struct plan *p, const char *op, int rc, const char *fmt, ...)
{
	va_list ap;

	if (p->rc < 0)
		return rc;
	p->rc = rc;
	snprintf(p->op, sizeof(p->op), "%s", op);
	p->why[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(p->why, sizeof(p->why), fmt, ap);
		va_end(ap);
	}
	return rc;
}

void plan_release(struct plan *p)
{
	state_release(&p->start);
	free(p->steps);
	p->steps = NULL;
	p->nr_steps = p->alloc = 0;
}

/* Nothing to do: success, with a note for the user. */
static int plan_noop(struct plan *p, const char *note)
{
	if (p->rc == 0) {
		p->rc = 1;
		p->note = note;
	}
	return 0;
}

static int online_zone(const struct plan_req *r)
{
	return r->movable ? DAXCTL_ZONE_MOVABLE : DAXCTL_ZONE_NORMAL;
}

static int zone_kstate(int zone)
{
	return zone == DAXCTL_ZONE_MOVABLE ? KSTATE_ONLINE_MOVABLE :
		zone == DAXCTL_ZONE_NONE ? KSTATE_ONLINE : KSTATE_ONLINE_KERNEL;
}

/* /dev/daxX.Y open or mapped by a process: refuse unless --force. */
static int check_users(struct plan *p, const char *op)
{
	int pids[MAX_PIDS], n, i, len = 0;
	char list[160] = "";

	n = dev_users(p->dev, pids, MAX_PIDS);
	if (n <= 0 || p->req.force)
		return 0;
	for (i = 0; i < n && i < MAX_PIDS && len < (int)sizeof(list) - 12; i++)
		len += snprintf(list + len, sizeof(list) - len, "%s%d",
				i ? ", " : "", pids[i]);
	return plan_fail(p, op, -EBUSY,
		"/dev/%s is open or mapped by PID%s %s%s; stop %s first, or "
		"--force (the process%s get SIGBUS)",
		daxctl_dev_get_devname(p->dev), n == 1 ? "" : "s", list,
		n > MAX_PIDS ? ", ..." : "", n == 1 ? "it" : "them",
		n == 1 ? " will" : "es will");
}

/* Offline (or unplug) everything and let kmem go, checking at the last moment. */
static int plan_hot_remove(struct plan *p)
{
	const struct dev_state *s = &p->start;
	int i, rc = 0;

	if (s->kstate >= 0 && s->kstate != KSTATE_UNPLUGGED) {
		p->backend = BACKEND_KSTATE;
		rc = plan_add(p, STEP_UNPLUG, 0, -1, 0);
	} else if (s->kstate == KSTATE_UNPLUGGED) {
		p->backend = BACKEND_KSTATE;	/* nothing is added: unbind at once */
	} else {
		p->backend = BACKEND_BLOCKS;
		for (i = s->nr_blocks - 1; i >= 0 && !rc; i--)
			if (s->block[i] != DAXCTL_BLOCK_OFFLINE &&
			    s->block[i] != DAXCTL_BLOCK_ABSENT)
				rc = plan_add(p, STEP_OFFLINE, 0, i, 0);
	}
	if (!rc)
		rc = plan_add(p, STEP_RECHECK, 0, -1, 0);
	if (!rc)
		rc = plan_add(p, STEP_UNBIND, DAX_MODE_RAM, -1, 0);
	if (!rc)
		rc = plan_add(p, STEP_GONE, 0, -1, 0);
	return rc;
}

/* Will the kernel online the new blocks against the request? */
static int policy_check(struct plan *p)
{
	struct daxctl_dev *dev = p->dev;
	const char *policy = daxctl_get_auto_online_policy(daxctl_dev_get_ctx(dev));
	const struct plan_req *r = &p->req;
	bool conflict;

	if (!policy) {
		dev_warn(dev, "%s is unreadable: the kernel may online the memory itself",
				AUTO_ONLINE_PATH);
		return 0;
	}
	if (strncmp(policy, "online", strlen("online")))
		return 0;
	if (!r->online)
		conflict = true;
	else if (!r->movable)
		conflict = !strcmp(policy, "online_movable");
	else
		conflict = strcmp(policy, "online_movable") != 0;
	if (!conflict)
		return 0;
	if (r->force) {
		dev_warn(dev, "%s is %s: the kernel onlines the memory itself",
				AUTO_ONLINE_PATH, policy);
		return 0;
	}
	return plan_fail(p, "reconfigure to system-ram", -EBUSY,
		"kernel policy will auto-online memory: %s is %s; "
		"boot with memhp_default_state=offline, or use --force",
		AUTO_ONLINE_PATH, policy);
}

/* kmem refuses these in its probe; say so before anything changes. */
static int ram_preflight(struct plan *p)
{
	const char *op = "reconfigure to system-ram";
	struct daxctl_dev *dev = p->dev;
	unsigned long long size = p->start.size;
	unsigned long long usable = daxctl_dev_get_usable_ram_size(dev);
	char a[32], b[32];

	if (!size)
		return plan_fail(p, op, -EINVAL, "the device has size 0");
	if (daxctl_dev_get_target_node(dev) < 0)
		return plan_fail(p, op, -EINVAL,
			"firmware gives no NUMA node for this range; "
			"kmem cannot hot-add it");
	if (!usable && geteuid())
		return plan_fail(p, op, -EACCES, "reconfiguring needs root");
	if (!usable)
		return plan_fail(p, op, -EINVAL,
			"smaller than one memory block: kmem would refuse it");
	if (usable < size) {
		size_text(usable, a, sizeof(a));
		size_text(size, b, sizeof(b));
		dev_warn(dev, "only %s of %s can be hot-added: "
				"kmem uses whole memory blocks", a, b);
	}
	return policy_check(p);
}

static int memmap_param(struct plan *p)
{
	return daxctl_get_memmap_on_memory_param(daxctl_dev_get_ctx(p->dev));
}

/* Would the kernel take memmap_on_memory=@v? Predicted, never tried. */
static int memmap_check(struct plan *p, int v)
{
	const char *op = v ? "set memmap_on_memory=1" : "set memmap_on_memory=0";
	int param = memmap_param(p);

	if (p->start.memmap == -ENOENT)
		return plan_fail(p, op, -ENOENT,
			"kernel older than 6.9 has no per-device memmap_on_memory");
	if (!v)
		return 0;
	if (param == DAXCTL_MEMMAP_PARAM_OFF)
		return plan_fail(p, op, -EOPNOTSUPP,
			"the global memory_hotplug.memmap_on_memory is N; "
			"boot with memory_hotplug.memmap_on_memory=1 or =force");
	if (param < 0)
		return plan_fail(p, op, -EOPNOTSUPP,
			"the kernel is built without memmap_on_memory support "
			"(CONFIG_MHP_MEMMAP_ON_MEMORY)");
	return 0;
}

static void plan_memmap_cost(struct plan *p, int memmap)
{
	unsigned long long usable = daxctl_dev_get_usable_ram_size(p->dev);
	int param = memmap_param(p);

	/* one 64-byte struct page per 4 KiB page */
	p->memmap_bytes = usable / 64;
	p->memmap_where = memmap == 1 && (param == DAXCTL_MEMMAP_PARAM_ON ||
			param == DAXCTL_MEMMAP_PARAM_FORCE) ? "device" : "system";
}

/* Bind kmem (the device is unbound by then) and online. */
static int plan_ram_bind(struct plan *p)
{
	int rc = plan_add(p, STEP_BIND, DAX_MODE_RAM, -1, 0);

	if (!rc && p->req.online)
		rc = plan_add(p, STEP_ONLINE_ALL, online_zone(&p->req), -1, 0);
	p->want_mode = DAX_MODE_RAM;
	p->want_blocks = p->req.online ? WANT_ONLINE : WANT_ANY;
	p->want_zone = online_zone(&p->req);
	if (p->backend == BACKEND_NONE)
		p->backend = BACKEND_BLOCKS;
	return rc;
}

/* Online what is offline; a block online in another zone is refused. */
static int plan_online_blocks(struct plan *p, const char *op)
{
	const struct dev_state *s = &p->start;
	int z = online_zone(&p->req), i, rc;
	char blk[96];

	p->want_mode = DAX_MODE_RAM;
	p->want_blocks = WANT_ONLINE;
	p->want_zone = z;
	if (s->kstate == KSTATE_UNPLUGGED && s->count[DAXCTL_BLOCK_ABSENT] == s->nr_blocks) {
		p->backend = BACKEND_KSTATE;
		return plan_add(p, STEP_PLUG, zone_kstate(z), -1, 0);
	}
	p->backend = BACKEND_BLOCKS;
	for (i = 0; i < s->nr_blocks; i++) {
		block_text(p->dev, i, blk, sizeof(blk));
		if (s->block[i] == DAXCTL_BLOCK_ABSENT ||
		    s->block[i] == DAXCTL_BLOCK_GOING_OFFLINE)
			return plan_fail(p, op, -ENXIO, "%s is %s", blk,
				s->block[i] ? "going offline" : "missing");
		if (s->block[i] == DAXCTL_BLOCK_ONLINE && s->zone[i] != z)
			return plan_fail(p, op, -EBUSY,
				"%s is online, but not in ZONE_%s as asked; to change the "
				"zone, offline the memory first (daxctl offline-memory); "
				"if daxctl did not online it, another agent did (%s is %s)",
				blk, z == DAXCTL_ZONE_MOVABLE ? "MOVABLE" : "NORMAL",
				AUTO_ONLINE_PATH, daxctl_get_auto_online_policy(
					daxctl_dev_get_ctx(p->dev)) ?: "unreadable");
		if (s->block[i] != DAXCTL_BLOCK_OFFLINE)
			continue;
		rc = plan_add(p, STEP_ONLINE, z, i, 0);
		if (rc)
			return rc;
	}
	if (!p->nr_steps)
		return plan_noop(p, "already online");
	return 0;
}

static int need_ram(struct plan *p, const char *op)
{
	if (p->start.mode == DAX_MODE_RAM && p->start.nr_blocks >= 0)
		return 0;
	if (p->start.mode == DAX_MODE_DEVDAX || p->start.mode == DAX_MODE_FAMFS)
		return plan_fail(p, op, -ENXIO,
			"memory operations are not applicable in %s mode",
			mode_name(p->start.mode));
	if (p->start.mode != DAX_MODE_RAM)
		return plan_fail(p, op, -ENXIO,
			"the device is disabled: it has no memory blocks");
	if (geteuid())
		return plan_fail(p, op, -EACCES,
			"finding a device's memory blocks needs root");
	/* the read error is the answer (EINVAL for a value sysfs should never show) */
	return plan_fail(p, op, p->start.nr_blocks,
			"cannot read the device's memory blocks");
}

static int build_online(struct plan *p)
{
	if (need_ram(p, "online memory"))
		return 0;
	return plan_online_blocks(p, "online memory");
}

static int build_offline(struct plan *p)
{
	const struct dev_state *s = &p->start;
	int i, rc;

	if (need_ram(p, "offline memory"))
		return 0;
	p->backend = BACKEND_BLOCKS;
	p->want_mode = DAX_MODE_RAM;
	p->want_blocks = WANT_OFFLINE;
	if (s->count[DAXCTL_BLOCK_ABSENT] == s->nr_blocks && s->kstate == KSTATE_UNPLUGGED)
		return plan_noop(p, "already offline (unplugged: nothing is added)");
	for (i = s->nr_blocks - 1; i >= 0; i--) {
		if (s->block[i] == DAXCTL_BLOCK_ABSENT)
			return plan_fail(p, "offline memory", -ENXIO,
				"memory%lld is missing", daxctl_dev_get_block_id(p->dev, i));
		if (s->block[i] == DAXCTL_BLOCK_OFFLINE)
			continue;
		rc = plan_add(p, STEP_OFFLINE, 0, i, 0);
		if (rc)
			return rc;
	}
	if (!p->nr_steps)
		return plan_noop(p, "already offline");
	return 0;
}

/* ---- reconfigure-device -m ---- */

/* Already system-ram: a memmap switch, or onlining what is offline. */
static int ram_to_ram(struct plan *p)
{
	const struct dev_state *s = &p->start;
	int v = p->req.memmap, rc;

	if (need_ram(p, "reconfigure to system-ram"))
		return 0;
	if (v == 1 && s->memmap == 1 && memmap_check(p, 1))
		return 0;
	if (v < 0 || s->memmap == v) {
		p->note = "already in system-ram mode";
		if (!p->req.online) {
			p->want_mode = DAX_MODE_RAM;
			return plan_noop(p, p->note);
		}
		rc = plan_online_blocks(p, "online memory");
		p->note = "already in system-ram mode";
		return rc;
	}
	if (memmap_check(p, v))
		return 0;
	if (s->count[DAXCTL_BLOCK_ONLINE] && !p->req.force)
		return plan_fail(p, v ? "set memmap_on_memory=1" :
			"set memmap_on_memory=0", -EBUSY,
			"the device is in system-ram mode with memmap_on_memory=%d and "
			"%d memory block%s online; --force will offline them, unbind "
			"kmem, change it, bind and online again",
			s->memmap, s->count[DAXCTL_BLOCK_ONLINE],
			plural(s->count[DAXCTL_BLOCK_ONLINE]));
	rc = plan_hot_remove(p);
	if (!rc)
		rc = plan_add(p, STEP_MEMMAP, v, -1, 0);
	if (!rc)
		rc = plan_ram_bind(p);
	p->want_memmap = v;
	plan_memmap_cost(p, v);
	return rc;
}

static int to_ram(struct plan *p)
{
	const struct dev_state *s = &p->start;
	int v = p->req.memmap, rc = 0;

	if (s->mode == DAX_MODE_RAM)
		return ram_to_ram(p);
	if (s->mode != DAX_MODE_DEVDAX && s->mode != DAX_MODE_UNBOUND &&
			s->mode != DAX_MODE_FAMFS)
		return plan_fail(p, "reconfigure to system-ram", -EBUSY,
			"bound to a driver daxctl does not manage (%s mode)",
			mode_name(s->mode));
	if (ram_preflight(p))
		return 0;
	if (v >= 0 && memmap_check(p, v))
		return 0;
	if (s->mode != DAX_MODE_UNBOUND && check_users(p, "reconfigure to system-ram"))
		return 0;
	if (v >= 0 && s->memmap != v)
		rc = plan_add(p, STEP_MEMMAP, v, -1, 0);
	/* from famfs too, as ndctl 85: unbind whichever dax driver it has */
	if (!rc && s->mode != DAX_MODE_UNBOUND)
		rc = plan_add(p, STEP_UNBIND, s->mode, -1, 0);
	if (!rc)
		rc = plan_ram_bind(p);
	p->want_memmap = v;
	plan_memmap_cost(p, v >= 0 ? v : s->memmap);
	return rc;
}

static int to_devdax(struct plan *p)
{
	const struct dev_state *s = &p->start;
	int online = s->count[DAXCTL_BLOCK_ONLINE] + s->count[DAXCTL_BLOCK_GOING_OFFLINE];
	int rc = 0;

	p->want_mode = DAX_MODE_DEVDAX;
	if (s->mode == DAX_MODE_DEVDAX)
		return plan_noop(p, "already in devdax mode");
	if (s->mode == DAX_MODE_RAM && s->nr_blocks < 0)
		return need_ram(p, "reconfigure to devdax");
	if (s->mode == DAX_MODE_RAM && online > 0 && !p->req.force)
		return plan_fail(p, "reconfigure to devdax", -EBUSY,
			"%d memory block%s online; --force offlines %s first",
			online, plural(online), online == 1 ? "it" : "them");
	if (s->mode == DAX_MODE_UNKNOWN)
		return plan_fail(p, "reconfigure to devdax", -EBUSY,
			"bound to a driver daxctl does not manage");
	if (s->mode == DAX_MODE_RAM)
		rc = plan_hot_remove(p);
	if (s->mode == DAX_MODE_FAMFS && check_users(p, "reconfigure to devdax"))
		return 0;
	if (!rc && s->mode == DAX_MODE_FAMFS)
		rc = plan_add(p, STEP_UNBIND, DAX_MODE_FAMFS, -1, 0);
	if (!rc)
		rc = plan_add(p, STEP_BIND, DAX_MODE_DEVDAX, -1, 0);
	return rc;
}

/*
 * famfs (fsdev_dax, Linux 7.3) is reached from devdax or from unbound, as
 * in ndctl 85; never from system-ram.
 */
static int to_famfs(struct plan *p)
{
	int rc = 0;

	p->want_mode = DAX_MODE_FAMFS;
	if (p->start.mode == DAX_MODE_FAMFS)
		return plan_noop(p, "already in famfs mode");
	if (p->start.mode == DAX_MODE_RAM)
		return plan_fail(p, "reconfigure to famfs", -EINVAL,
			"the device is in system-ram mode; must be in devdax mode "
			"to convert to famfs: reconfigure-device -m devdax first");
	if (p->start.mode != DAX_MODE_DEVDAX && p->start.mode != DAX_MODE_UNBOUND)
		return plan_fail(p, "reconfigure to famfs", -EBUSY,
			"bound to a driver daxctl does not manage");
	if (p->start.mode == DAX_MODE_DEVDAX) {
		if (check_users(p, "reconfigure to famfs"))
			return 0;
		rc = plan_add(p, STEP_UNBIND, DAX_MODE_DEVDAX, -1, 0);
	}
	return rc ? rc : plan_add(p, STEP_BIND, DAX_MODE_FAMFS, -1, 0);
}

static int build_reconfigure(struct plan *p)
{
	switch (p->req.mode) {
	case DAX_MODE_RAM:
		return to_ram(p);
	case DAX_MODE_DEVDAX:
		return to_devdax(p);
	case DAX_MODE_FAMFS:
		return to_famfs(p);
	default:
		return plan_fail(p, "reconfigure", -EINVAL, "unknown mode");
	}
}

/* ---- -s / -a ---- */

static int check_ranges(struct plan *p, unsigned long long align)
{
	struct daxctl_mapping *m;
	char a[32];

	daxctl_mapping_foreach(p->dev, m) {
		unsigned long long start = daxctl_mapping_get_start(m);
		unsigned long long end = daxctl_mapping_get_end(m);

		if (start % align == 0 && (end + 1) % align == 0)
			continue;
		size_text(align, a, sizeof(a));
		return plan_fail(p, "set align", -EINVAL,
			"range %#llx-%#llx is not %s aligned; "
			"resize the device to 0 first", start, end, a);
	}
	return 0;
}

static int geometry_check(struct plan *p, unsigned long long size,
		unsigned long long align)
{
	struct daxctl_region *region = daxctl_dev_get_region(p->dev);
	unsigned long long cur = p->start.size, avail;
	char a[32], b[32];

	if (p->start.mode == DAX_MODE_RAM)
		return plan_fail(p, "resize", -EBUSY,
			"the device is in system-ram mode; "
			"reconfigure it to devdax first");
	if (align && size % align) {
		size_text(size, a, sizeof(a));
		size_text(align, b, sizeof(b));
		return plan_fail(p, "resize", -EINVAL,
			"%s is not a multiple of the %s alignment", a, b);
	}
	avail = daxctl_region_get_available_size(region);
	if (size > cur && size - cur > avail) {
		size_text(avail, a, sizeof(a));
		return plan_fail(p, "resize", -ENOSPC, "the region has %s available", a);
	}
	if (p->req.set_align && !p->req.set_size)
		return check_ranges(p, align);
	return 0;
}

static int build_geometry(struct plan *p)
{
	const struct plan_req *r = &p->req;
	const struct dev_state *s = &p->start;
	unsigned long long size = r->set_size ? r->size : s->size;
	unsigned long long align = r->set_align ? r->align : s->align;
	bool enabled = s->mode != DAX_MODE_UNBOUND;
	int rc = 0;

	if (geometry_check(p, size, align))
		return 0;
	p->want_mode = enabled && size ? s->mode : DAX_MODE_UNBOUND;
	if (size == s->size && align == s->align)
		return plan_noop(p, "already of that size and alignment");
	if (s->mode == DAX_MODE_DEVDAX && check_users(p, "resize"))
		return 0;
	if (enabled)
		rc = plan_add(p, STEP_UNBIND, s->mode, -1, 0);
	if (!rc && align != s->align)
		rc = plan_add(p, STEP_ALIGN, 0, -1, align);
	if (!rc && size != s->size)
		rc = plan_add(p, STEP_SIZE, 0, -1, size);
	if (!rc && enabled && size)
		rc = plan_add(p, STEP_BIND, s->mode, -1, 0);
	return rc;
}

/* ---- enable, disable, destroy ---- */

static int refuse_ram(struct plan *p, const char *op)
{
	return plan_fail(p, op, -ENXIO,
		"status operations are only applicable in devdax mode; "
		"use reconfigure-device");
}

static int build_enable(struct plan *p)
{
	p->want_mode = DAX_MODE_DEVDAX;
	if (p->start.mode == DAX_MODE_RAM)
		return refuse_ram(p, "enable");
	if (p->start.mode != DAX_MODE_UNBOUND)
		return plan_noop(p, NULL);
	if (!p->start.size)
		return plan_fail(p, "enable", -ENXIO,
			"the device has size 0; "
			"give it a size with reconfigure-device -s");
	return plan_add(p, STEP_BIND, DAX_MODE_DEVDAX, -1, 0);
}

static int build_disable(struct plan *p)
{
	p->want_mode = DAX_MODE_UNBOUND;
	if (p->start.mode == DAX_MODE_RAM)
		return refuse_ram(p, "disable");
	if (p->start.mode == DAX_MODE_UNBOUND)
		return plan_noop(p, NULL);
	if (check_users(p, "disable"))
		return 0;
	return plan_add(p, STEP_UNBIND, p->start.mode, -1, 0);
}

static int build_destroy(struct plan *p)
{
	const struct dev_state *s = &p->start;
	int rc = 0;

	p->want_mode = DAX_MODE_UNBOUND;
	p->want_blocks = WANT_ANY;
	if (s->mode != DAX_MODE_UNBOUND && !p->req.force)
		return plan_fail(p, "destroy", -ENXIO,
			"the device is enabled; --force disables it first");
	if (s->mode == DAX_MODE_RAM && s->nr_blocks < 0)
		return need_ram(p, "destroy");
	if (s->mode == DAX_MODE_RAM)
		rc = plan_hot_remove(p);
	else if (s->mode != DAX_MODE_UNBOUND && !check_users(p, "destroy"))
		rc = plan_add(p, STEP_UNBIND, s->mode, -1, 0);
	if (rc || p->rc < 0)
		return rc;
	/* GONE, planned above, keeps a device with added memory from being zeroed */
	if (s->size)
		rc = plan_add(p, STEP_SIZE, 0, -1, 0);
	if (!rc && daxctl_dev_get_id(p->dev) > 0)
		rc = plan_add(p, STEP_DELETE, 0, -1, 0);
	return rc;
}

static bool needs_blocks(const struct plan_req *r)
{
	return r->kind != PLAN_ENABLE && r->kind != PLAN_DISABLE;
}

static int plan_kind(struct plan *p)
{
	switch (p->req.kind) {
	case PLAN_RECONFIGURE:
		return build_reconfigure(p);
	case PLAN_GEOMETRY:
		return build_geometry(p);
	case PLAN_ONLINE:
		return build_online(p);
	case PLAN_OFFLINE:
		return build_offline(p);
	case PLAN_ENABLE:
		return build_enable(p);
	case PLAN_DISABLE:
		return build_disable(p);
	case PLAN_DESTROY:
		return build_destroy(p);
	default:
		return -EINVAL;
	}
}

int plan_build(struct daxctl_dev *dev, const struct plan_req *req,
		struct plan *p)
{
	int rc;

	p->req = *req;
	p->dev = dev;
	p->want_memmap = -1;
	rc = state_read(dev, &p->start, needs_blocks(req));
	if (rc && p->start.mode == DAX_MODE_RAM) {
		/* blocks unknown (non-root, garbage in sysfs): need_ram() explains */
		p->start.nr_blocks = rc;
		p->start.blocks_read = false;
		rc = 0;
	}
	if (rc)
		return rc;
	p->want_mode = p->start.mode;
	p->want_blocks = WANT_AS_START;
	rc = plan_kind(p);
	/* a failed check is the plan's answer (p->rc), not a failure to read */
	return rc == p->rc ? 0 : rc;
}

/* ---- names ---- */

const char *step_name(const struct step *s, char *buf, int len)
{
	switch (s->op) {
	case STEP_OFFLINE:
		return "offline";
	case STEP_ONLINE:
		snprintf(buf, len, "online%s", s->arg == DAXCTL_ZONE_MOVABLE ?
				"_movable" : s->arg == DAXCTL_ZONE_NONE ? "" : "_kernel");
		return buf;
	case STEP_OFFLINE_ALL:
		return "offline every online block";
	case STEP_ONLINE_ALL:
		snprintf(buf, len, "online every block (%s)",
				s->arg == DAXCTL_ZONE_MOVABLE ? "online_movable" :
				"online_kernel");
		return buf;
	case STEP_RECHECK:
		return "re-check every block is offline";
	case STEP_UNPLUG:
		return "hot-remove device (unplugged)";
	case STEP_PLUG:
		snprintf(buf, len, "hot-add+online (%s)", kstate_name(s->arg));
		return buf;
	case STEP_UNBIND:
		snprintf(buf, len, "unbind %s", s->arg == DAX_MODE_RAM ? "kmem" :
				s->arg == DAX_MODE_FAMFS ? "fsdev_dax" : "device_dax");
		return buf;
	case STEP_GONE:
		return "verify the memory is removed";
	case STEP_BIND:
		snprintf(buf, len, "bind %s", s->arg == DAX_MODE_RAM ? "kmem" :
				s->arg == DAX_MODE_FAMFS ? "fsdev_dax" : "device_dax");
		return buf;
	case STEP_MEMMAP:
		snprintf(buf, len, "set memmap_on_memory=%d", s->arg);
		return buf;
	case STEP_ALIGN:
		return "set align";
	case STEP_SIZE:
		return "set size";
	case STEP_DELETE:
		return "delete";
	case STEP_RESTORE_BLOCKS:
		return "restore every block";
	default:
		return "?";
	}
}
