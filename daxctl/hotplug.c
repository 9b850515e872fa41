// SPDX-License-Identifier: GPL-2.0-only
/*
 * Onlining, offlining and unplugging a system-ram device's memory, the
 * memmap_on_memory write, and putting a device back the way it was. The
 * library does the sysfs work; this file decides what to tell the user.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libdaxctl.h>

#include "device.h"
#include "hotplug.h"
#include "interrupt.h"

/* Blocks missing or going offline right after a bind: retry for 2 s. */
#define SETTLE_TRIES 40
#define SETTLE_USEC 50000
/* An offline that hit a busy page: two more tries, 0.5 s apart. */
#define OFFLINE_TRIES 2
#define OFFLINE_USEC 500000

#define AUTO_ONLINE_PATH "/sys/devices/system/memory/auto_online_blocks"

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

int dev_mode_now(struct daxctl_dev *dev)
{
	int mode = daxctl_dev_is_system_ram(dev);

	if (mode == DEV_DEVDAX && daxctl_dev_is_famfs_mode(dev))
		return DEV_FAMFS;
	return mode;
}

/* Why a device has no memory object: not system-ram, or not root. */
static int no_memory(struct daxctl_dev *dev, const char *op)
{
	int mode = dev_mode_now(dev);

	if (mode == DEV_DEVDAX || mode == DEV_FAMFS)
		return dev_err(dev, op, -ENXIO,
			"memory operations are not applicable in %s",
			dev_mode_name(mode));
	if (mode != DEV_SYSTEM_RAM)
		return dev_err(dev, op, -ENXIO,
			"the device is disabled: it has no memory blocks");
	if (geteuid())
		return dev_err(dev, op, -EACCES,
			"finding a device's memory blocks needs root");
	return dev_err(dev, op, -ENXIO, "cannot find the device's memory blocks");
}

/* "memory40 [0x140000000-0x147ffffff]", or "a memory block". */
static void failed_block(struct daxctl_memory *mem, char *buf, size_t len)
{
	long blk = daxctl_memory_get_failed_block(mem);
	unsigned long long bs = daxctl_memory_get_block_size(mem);
	unsigned long long start = (unsigned long long)blk * bs;

	if (blk < 0 || !bs) {
		snprintf(buf, len, "a memory block");
		return;
	}
	snprintf(buf, len, "memory%ld [%#llx-%#llx]", blk, start,
			start + bs - 1);
}

static int online_err(struct daxctl_dev *dev, struct daxctl_memory *mem,
		int rc, bool movable)
{
	struct daxctl_ctx *ctx = daxctl_dev_get_ctx(dev);
	const char *policy = daxctl_get_auto_online_policy(ctx);
	const char *op = "online memory";
	char blk[96];

	failed_block(mem, blk, sizeof(blk));
	switch (rc) {
	case -EBUSY:
		/* the library's zone check: online already, in another zone */
		return dev_err(dev, op, rc,
			"%s is online, but not in ZONE_%s as asked; to change the "
			"zone, offline the memory first (daxctl offline-memory); "
			"if daxctl did not online it, another agent did (%s is %s)",
			blk, movable ? "MOVABLE" : "NORMAL", AUTO_ONLINE_PATH,
			policy ? policy : "unreadable");
	case -ENXIO:
		return dev_err(dev, op, rc, "%s is missing or going offline", blk);
	case -EACCES:
	case -EPERM:
		return dev_err(dev, op, rc, "memory hotplug needs root");
	default:
		return dev_err(dev, op, rc, "the kernel refused %s", blk);
	}
}

int mem_online(struct daxctl_dev *dev, bool movable, bool verbose)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	int rc, tries, already;

	if (!mem)
		return no_memory(dev, "online memory");
	for (tries = 0;; tries++) {
		rc = movable ? daxctl_memory_online(mem) :
			daxctl_memory_online_no_movable(mem);
		if (rc != -ENXIO || tries == SETTLE_TRIES)
			break;
		usleep(SETTLE_USEC);
	}
	if (rc < 0)
		return online_err(dev, mem, rc, movable);
	already = daxctl_memory_get_already_count(mem);
	if (!rc && already)
		dev_info(dev, "all %d memory block%s already online", already,
				plural(already));
	else if (already)
		dev_info(dev, "%d memory block%s onlined, %d already online",
				rc, plural(rc), already);
	else if (verbose)
		dev_info(dev, "%d memory block%s onlined", rc, plural(rc));
	return 0;
}

static int offline_err(struct daxctl_dev *dev, struct daxctl_memory *mem,
		int rc)
{
	const char *op = "offline memory";
	char blk[96];
	int normal;

	failed_block(mem, blk, sizeof(blk));
	switch (rc) {
	case -EBUSY:
		normal = daxctl_memory_zone_count(mem, DAXCTL_ZONE_NORMAL);
		if (normal <= 0)
			return dev_err(dev, op, rc, "%s holds unmovable pages", blk);
		return dev_err(dev, op, rc,
			"%s holds unmovable pages; %d of the device's blocks are "
			"in ZONE_NORMAL, where kernel allocations land",
			blk, normal);
	case -EINTR:
		return dev_err(dev, op, rc, "offlining %s was interrupted", blk);
	case -EINVAL:
		return dev_err(dev, op, rc,
			"the kernel refused %s: it spans zones or has holes", blk);
	case -EACCES:
	case -EPERM:
		return dev_err(dev, op, rc, "memory hotplug needs root");
	default:
		return dev_err(dev, op, rc, "%s", blk);
	}
}

/* The library has already onlined again whatever it had offlined. */
static int offline_interrupted(struct daxctl_dev *dev, struct daxctl_memory *mem,
		int sig, unsigned int limit)
{
	const char *op = "offline memory";
	char blk[96];

	failed_block(mem, blk, sizeof(blk));
	if (sig == SIGALRM)
		return dev_err(dev, op, -ETIMEDOUT,
			"%s did not go offline within %u s: the kernel keeps retrying pages it "
			"cannot migrate (long-term pinned ones, for example); nothing was changed; "
			"DAXCTL_OFFLINE_TIMEOUT=<seconds> waits longer",
			blk, limit);
	return dev_err(dev, op, -EINTR,
		"interrupted by %s while offlining %s; nothing was changed",
		sig ? strsignal(sig) : "a signal", blk);
}

/* Offline every block (one scan, bounded, interruptible): the count or -errno, explained. */
static int offline_blocks(struct daxctl_dev *dev, struct daxctl_memory *mem)
{
	int rc, tries, sig;
	unsigned int limit;

	limit = offline_time_limit(daxctl_memory_num_sections(mem));
	guard_begin(limit);
	/* pages in flight (page cache, pipes) can make one pass fail */
	for (tries = 0;; tries++) {
		rc = daxctl_memory_offline(mem);
		if (rc != -EBUSY || tries == OFFLINE_TRIES)
			break;
		usleep(OFFLINE_USEC);
	}
	sig = guard_end();
	if (rc == -EINTR)
		return offline_interrupted(dev, mem, sig, limit);
	if (rc < 0)
		return offline_err(dev, mem, rc);
	return rc;
}

int mem_offline(struct daxctl_dev *dev, bool verbose)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	int rc, already;

	if (!mem)
		return no_memory(dev, "offline memory");
	rc = offline_blocks(dev, mem);
	if (rc < 0)
		return rc;
	already = daxctl_memory_get_already_count(mem);
	if (!rc && already)
		dev_info(dev, "all %d memory block%s already offline", already,
				plural(already));
	else if (verbose)
		dev_info(dev, "%d memory block%s offlined", rc, plural(rc));
	return 0;
}

int ram_unplug(struct daxctl_dev *dev, bool verbose)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	int rc;

	/* the offline's own scan finds the online blocks: no separate count */
	if (mem) {
		rc = offline_blocks(dev, mem);
		if (rc < 0)
			return rc;
		if (verbose && rc)
			dev_info(dev, "%d memory block%s offlined", rc, plural(rc));
	}
	/* the library re-checks that nothing went online meanwhile */
	rc = daxctl_dev_disable(dev);
	if (rc == -EBUSY)
		return dev_err(dev, "unbind kmem", rc,
			"memory went online again; another agent is onlining it");
	if (rc)
		return dev_err(dev, "unbind kmem", rc, NULL);
	return 0;
}

static const char *const memmap_param_names[] = {
	[DAXCTL_MEMMAP_PARAM_OFF] = "N",
	[DAXCTL_MEMMAP_PARAM_ON] = "Y",
	[DAXCTL_MEMMAP_PARAM_FORCE] = "force",
};

const char *memmap_param_name(int param)
{
	if (param < 0 || param > DAXCTL_MEMMAP_PARAM_FORCE)
		return "unknown";
	return memmap_param_names[param];
}

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

int set_memmap(struct daxctl_dev *dev, bool enable)
{
	return memmap_err(dev, enable,
			daxctl_dev_set_memmap_on_memory(dev, enable));
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

void dev_snapshot(struct daxctl_dev *dev, struct dev_snapshot *s)
{
	struct daxctl_memory *mem;
	int movable;

	s->mode = dev_mode_now(dev);
	s->memmap = daxctl_dev_get_memmap_on_memory(dev);
	s->online = 0;
	s->movable = true;
	if (s->mode != DEV_SYSTEM_RAM)
		return;
	mem = daxctl_dev_get_memory(dev);
	if (!mem)
		return;
	s->online = daxctl_memory_is_online(mem);
	if (s->online < 0)
		s->online = 0;
	movable = daxctl_memory_zone_count(mem, DAXCTL_ZONE_MOVABLE);
	s->movable = movable < 0 || 2 * movable >= s->online;
}

const char *dev_mode_name(int mode)
{
	if (mode == DEV_SYSTEM_RAM)
		return "system-ram mode";
	if (mode == DEV_DEVDAX)
		return "devdax mode";
	if (mode == DEV_FAMFS)
		return "famfs mode";
	return "disabled";
}

/* Take @dev to unbound, with no online memory. */
static int restore_unbind(struct daxctl_dev *dev, const struct dev_snapshot *s)
{
	int mode = dev_mode_now(dev);
	bool memmap_differs = s->memmap >= 0 &&
		s->memmap != daxctl_dev_get_memmap_on_memory(dev);

	if (mode == DEV_SYSTEM_RAM && (s->mode != mode || memmap_differs))
		return ram_unplug(dev, false);
	if ((mode == DEV_DEVDAX || mode == DEV_FAMFS) && s->mode != mode)
		return daxctl_dev_disable(dev);
	return 0;
}

static int restore_bind(struct daxctl_dev *dev, const struct dev_snapshot *s)
{
	int mode = dev_mode_now(dev);
	int rc = 0;

	if (mode == DEV_SYSTEM_RAM)
		return 0;
	/* writable while unbound or bound to device_dax */
	if (s->memmap >= 0 && s->memmap != daxctl_dev_get_memmap_on_memory(dev))
		rc = daxctl_dev_set_memmap_on_memory(dev, s->memmap);
	if (rc || mode != DEV_UNBOUND)
		return rc;
	if (s->mode == DEV_SYSTEM_RAM)
		return daxctl_dev_enable_ram(dev);
	if (s->mode == DEV_DEVDAX)
		return daxctl_dev_enable_devdax(dev);
	if (s->mode == DEV_FAMFS)
		return daxctl_dev_enable_famfs(dev);
	return 0;
}

static bool same_state(const struct dev_snapshot *a,
		const struct dev_snapshot *b)
{
	return a->mode == b->mode && a->memmap == b->memmap &&
		a->online == b->online && a->movable == b->movable;
}

int dev_restore(struct daxctl_dev *dev, const struct dev_snapshot *s)
{
	struct dev_snapshot now;
	int rc;

	/* a failed step may have undone itself (offlining is all or nothing) */
	dev_snapshot(dev, &now);
	if (same_state(&now, s))
		return 0;
	rc = restore_unbind(dev, s);

	if (!rc)
		rc = restore_bind(dev, s);
	if (!rc && s->mode == DEV_SYSTEM_RAM && s->online > 0)
		rc = mem_online(dev, s->movable, false);
	if (rc) {
		dev_err(dev, "roll back", rc, "left in %s",
				dev_mode_name(dev_mode_now(dev)));
		return rc;
	}
	dev_info(dev, "rolled back to %s", dev_mode_name(s->mode));
	return 0;
}
