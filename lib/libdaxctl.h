/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libdaxctl: enumerate and configure Linux device-DAX memory.
 *
 * Source-compatible with the libdaxctl shipped by ndctl (symbol versions
 * LIBDAXCTL_1 .. LIBDAXCTL_11, ndctl 85). Additions of this project live in the
 * LIBDAXCTL_REBUILT_1 and LIBDAXCTL_REBUILT_2 nodes. Every call that
 * returns int returns 0 (or a count) on success and a negative errno on
 * failure. The library never prints to stdout and never exits: messages go
 * through the log callback.
 */
#ifndef _LIBDAXCTL_H_
#define _LIBDAXCTL_H_

#include <stdarg.h>
#include <stdbool.h>
#include <unistd.h>

#if __has_include(<uuid/uuid.h>)
#include <uuid/uuid.h>
#else
typedef unsigned char uuid_t[16];
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- context (LIBDAXCTL_1, LIBDAXCTL_9) ---- */
struct daxctl_ctx;
/* Take a reference; returns @ctx (NULL-safe). LIBDAXCTL_1 */
struct daxctl_ctx *daxctl_ref(struct daxctl_ctx *ctx);
/* Drop a reference; the last one frees every region, device and mapping. LIBDAXCTL_1 */
void daxctl_unref(struct daxctl_ctx *ctx);
/*
 * New context with one reference, stored in *@ctx. Touches no kernel file.
 * 0; -EINVAL when @ctx is NULL; -ENOMEM. LIBDAXCTL_1
 */
int daxctl_new(struct daxctl_ctx **ctx);
/* Replace the log sink (default: stderr, "libdaxctl: fn: msg"). LIBDAXCTL_1 */
void daxctl_set_log_fn(struct daxctl_ctx *ctx,
		void (*log_fn)(struct daxctl_ctx *ctx, int priority,
			const char *file, int line, const char *fn,
			const char *format, va_list args));
/* syslog priority; initial value LOG_ERR or $DAXCTL_LOG; -EINVAL for NULL. LIBDAXCTL_1 */
int daxctl_get_log_priority(struct daxctl_ctx *ctx);
void daxctl_set_log_priority(struct daxctl_ctx *ctx, int priority);
/* Opaque caller data. LIBDAXCTL_1 */
void daxctl_set_userdata(struct daxctl_ctx *ctx, void *userdata);
void *daxctl_get_userdata(struct daxctl_ctx *ctx);
/* The directory of *.conf files; the pointer is stored, not copied: 0 or -EINVAL. LIBDAXCTL_9 */
int daxctl_set_config_path(struct daxctl_ctx *ctx, char *config_path);
const char *daxctl_get_config_path(struct daxctl_ctx *ctx);

/* ---- regions (LIBDAXCTL_2 .. LIBDAXCTL_8) ---- */
struct daxctl_region;
/*
 * Register a region found by another library (libndctl, libcxl) at @path,
 * or find the one already known there; either way the caller gets a
 * reference. NULL when @ctx or @path is NULL or memory runs out. LIBDAXCTL_2
 */
struct daxctl_region *daxctl_new_region(struct daxctl_ctx *ctx, int id,
		uuid_t uuid, const char *path);
/* Regions sorted by id; NULL when there are none or the scan failed (logged). LIBDAXCTL_4 */
struct daxctl_region *daxctl_region_get_first(struct daxctl_ctx *ctx);
struct daxctl_region *daxctl_region_get_next(struct daxctl_region *region);
/* LIBDAXCTL_2; the id getter returns -EINVAL for NULL */
void daxctl_region_ref(struct daxctl_region *region);
void daxctl_region_unref(struct daxctl_region *region);
void daxctl_region_get_uuid(struct daxctl_region *region, uuid_t uu);
int daxctl_region_get_id(struct daxctl_region *region);
/* A pmem region's uuid as "ndctl list" shows its devdax namespace's;
 * -ENOENT for other regions. LIBDAXCTL_REBUILT_2 */
int daxctl_region_get_nd_uuid(struct daxctl_region *region, uuid_t uu);
struct daxctl_ctx *daxctl_region_get_ctx(struct daxctl_region *region);
/* Re-read on each call; 0 on error. LIBDAXCTL_3 */
unsigned long long daxctl_region_get_available_size(
		struct daxctl_region *region);
/* ULLONG_MAX / ULONG_MAX when unknown (align is root-only). LIBDAXCTL_4 */
unsigned long long daxctl_region_get_size(struct daxctl_region *region);
unsigned long daxctl_region_get_align(struct daxctl_region *region);
/* LIBDAXCTL_3 */
const char *daxctl_region_get_devname(struct daxctl_region *region);
/* LIBDAXCTL_5 */
const char *daxctl_region_get_path(struct daxctl_region *region);
/*
 * Write "1" to dax_region/create, then pick up the new seed device: 0, the
 * kernel's -errno (logged), or -EINVAL for NULL. LIBDAXCTL_8
 */
int daxctl_region_create_dev(struct daxctl_region *region);
/* Re-read dax_region/seed; that device or NULL. LIBDAXCTL_3 */
struct daxctl_dev *daxctl_region_get_dev_seed(struct daxctl_region *region);
/*
 * Write the device name to dax_region/delete: 0, the kernel's -errno
 * (logged), or -EINVAL when either is NULL or @dev is not @region's. LIBDAXCTL_8
 */
int daxctl_region_destroy_dev(struct daxctl_region *region,
		struct daxctl_dev *dev);

/* ---- devices (LIBDAXCTL_2, 6, 8, 9, 10, 11) ---- */
struct daxctl_dev;
/*
 * Devices of a region sorted by id; NULL when there are none. A device whose
 * attributes cannot be read is skipped (and logged). LIBDAXCTL_2
 * The int getters return -EINVAL for NULL.
 */
struct daxctl_dev *daxctl_dev_get_first(struct daxctl_region *region);
struct daxctl_dev *daxctl_dev_get_next(struct daxctl_dev *dev);
struct daxctl_region *daxctl_dev_get_region(struct daxctl_dev *dev);
int daxctl_dev_get_id(struct daxctl_dev *dev);
const char *daxctl_dev_get_devname(struct daxctl_dev *dev);
int daxctl_dev_get_major(struct daxctl_dev *dev);
int daxctl_dev_get_minor(struct daxctl_dev *dev);
/* Start of the first range; 0 when unreadable (non-root). LIBDAXCTL_6 */
unsigned long long daxctl_dev_get_resource(struct daxctl_dev *dev);
unsigned long long daxctl_dev_get_size(struct daxctl_dev *dev);
/*
 * LIBDAXCTL_8. Each setter writes one attribute and re-reads the device:
 * 0, the kernel's -errno for the write (logged), else the re-read's;
 * -EINVAL for NULL (and for @end < @start). align is 0 before Linux 5.10.
 */
int daxctl_dev_set_size(struct daxctl_dev *dev, unsigned long long size);
unsigned long daxctl_dev_get_align(struct daxctl_dev *dev);
int daxctl_dev_set_align(struct daxctl_dev *dev, unsigned long align);
int daxctl_dev_set_mapping(struct daxctl_dev *dev, unsigned long long start,
		unsigned long long end);
/* LIBDAXCTL_6 */
struct daxctl_ctx *daxctl_dev_get_ctx(struct daxctl_dev *dev);
/* 1 when bound to a driver (always for the class model), 0 when not or NULL. */
int daxctl_dev_is_enabled(struct daxctl_dev *dev);
/*
 * Unbind the driver: 0 (also when unbound already); -EINVAL for NULL;
 * -EOPNOTSUPP for the class model; for kmem, -EBUSY while a block is
 * online and -ENXIO when the block states cannot be read (nothing is
 * unbound then); -EBUSY when the device is still bound afterwards.
 */
int daxctl_dev_disable(struct daxctl_dev *dev);
/*
 * Bind device_dax / kmem, loading the module when its driver directory is
 * missing: 0 (also when bound to any driver already); -EINVAL for NULL, and
 * for kmem when there is no target_node or no whole memory block in the
 * ranges (logged, before any write); -EOPNOTSUPP for the class model; the
 * module load's -errno; -EBUSY when another driver took it; the kernel's
 * -errno, or -ENXIO, when it did not bind.
 */
int daxctl_dev_enable_devdax(struct daxctl_dev *dev);
int daxctl_dev_enable_ram(struct daxctl_dev *dev);
/* -1 when the kernel gives no node. LIBDAXCTL_6 */
int daxctl_dev_get_target_node(struct daxctl_dev *dev);
/* 1 if auto_online_blocks starts with "online", 0 if not; -ENXIO if unreadable, -EINVAL for NULL. LIBDAXCTL_9 */
int daxctl_dev_will_auto_online_memory(struct daxctl_dev *dev);
/* Online block count, 0 if not in system-ram mode, -errno if the states cannot be read. LIBDAXCTL_9 */
int daxctl_dev_has_online_memory(struct daxctl_dev *dev);
/*
 * Upstream meaning: 1 iff bound to kmem right now, else 0. LIBDAXCTL_10
 * Declared bool up to ndctl 81 and int since 85; both come back in %eax
 * with the value 0 or 1, so callers built against either header agree.
 */
int daxctl_dev_is_system_ram_capable(struct daxctl_dev *dev);

/* ---- device modes (LIBDAXCTL_11, ndctl 85) ---- */
enum daxctl_dev_mode {
	DAXCTL_DEV_MODE_UNKNOWN = -1,	/* unbound, another driver, class model */
	DAXCTL_DEV_MODE_DEVDAX = 0,	/* device_dax */
	DAXCTL_DEV_MODE_RAM,		/* kmem */
	DAXCTL_DEV_MODE_FAMFS,		/* fsdev_dax */
	DAXCTL_DEV_MODE_END,
};
/* The mode from the driver bound now (read afresh). LIBDAXCTL_11 */
enum daxctl_dev_mode daxctl_dev_get_mode(struct daxctl_dev *dev);
/* 1 when bound to kmem / device_dax / fsdev_dax now, else 0. LIBDAXCTL_11 */
int daxctl_dev_is_system_ram_mode(struct daxctl_dev *dev);
int daxctl_dev_is_devdax_mode(struct daxctl_dev *dev);
int daxctl_dev_is_famfs_mode(struct daxctl_dev *dev);
/* Bind fsdev_dax (famfs); 0 if bound to any driver already. LIBDAXCTL_11 */
int daxctl_dev_enable_famfs(struct daxctl_dev *dev);

/* ---- memory blocks of a system-ram device (LIBDAXCTL_6, 7) ---- */
struct daxctl_memory;
/*
 * Non-NULL only while bound to kmem and the device's blocks can be computed
 * (block_size_bytes and the ranges readable and within bounds; a failure
 * other than non-root's -EACCES is logged). LIBDAXCTL_6
 */
struct daxctl_memory *daxctl_dev_get_memory(struct daxctl_dev *dev);
struct daxctl_dev *daxctl_memory_get_dev(struct daxctl_memory *mem);
const char *daxctl_memory_get_node_path(struct daxctl_memory *mem);
unsigned long daxctl_memory_get_block_size(struct daxctl_memory *mem);
/*
 * Online offline blocks to ZONE_MOVABLE, lowest first: the number newly
 * onlined; the kernel's -errno for the block it refused
 * (daxctl_memory_get_failed_block()); -ENXIO for a block that is missing
 * or going offline; -EBUSY when a block ended up in another zone;
 * -EINVAL for NULL. LIBDAXCTL_6
 */
int daxctl_memory_online(struct daxctl_memory *mem);
/*
 * Offline online blocks, highest first, all or nothing: the number newly
 * offlined, or a -errno as for online (the blocks it took down are onlined
 * again). LIBDAXCTL_6
 */
int daxctl_memory_offline(struct daxctl_memory *mem);
/* Number of online blocks, read afresh, or the -errno of an unreadable state. LIBDAXCTL_6 */
int daxctl_memory_is_online(struct daxctl_memory *mem);
/* Number of blocks the device's ranges cover; -EINVAL for NULL. LIBDAXCTL_6 */
int daxctl_memory_num_sections(struct daxctl_memory *mem);
/*
 * 1 if every block is online in ZONE_MOVABLE, 0 if online elsewhere;
 * -ENXIO unless every block is online; -errno if unreadable. LIBDAXCTL_7
 */
int daxctl_memory_is_movable(struct daxctl_memory *mem);
/* Online offline blocks to ZONE_NORMAL (online_kernel); returns as online. LIBDAXCTL_7 */
int daxctl_memory_online_no_movable(struct daxctl_memory *mem);

#define daxctl_dev_foreach(region, dev) \
	for (dev = daxctl_dev_get_first(region); \
	     dev != NULL; \
	     dev = daxctl_dev_get_next(dev))

#define daxctl_dev_foreach_safe(region, dev, _dev) \
	for (dev = daxctl_dev_get_first(region), \
	     _dev = dev ? daxctl_dev_get_next(dev) : NULL; \
	     dev != NULL; \
	     dev = _dev, \
	     _dev = _dev ? daxctl_dev_get_next(_dev) : NULL)

#define daxctl_region_foreach(ctx, region) \
	for (region = daxctl_region_get_first(ctx); \
	     region != NULL; \
	     region = daxctl_region_get_next(region))

#define daxctl_region_foreach_safe(ctx, region, _region) \
	for (region = daxctl_region_get_first(ctx), \
	     _region = region ? daxctl_region_get_next(region) : NULL; \
	     region != NULL; \
	     region = _region, \
	     _region = _region ? daxctl_region_get_next(_region) : NULL)

/* ---- mappings (LIBDAXCTL_8) ---- */
struct daxctl_mapping;
/* Ranges in mappingN order; end is inclusive. LIBDAXCTL_8 */
struct daxctl_mapping *daxctl_mapping_get_first(struct daxctl_dev *dev);
struct daxctl_mapping *daxctl_mapping_get_next(struct daxctl_mapping *mapping);
#define daxctl_mapping_foreach(dev, mapping) \
	for (mapping = daxctl_mapping_get_first(dev); \
	     mapping != NULL; \
	     mapping = daxctl_mapping_get_next(mapping))
unsigned long long daxctl_mapping_get_start(struct daxctl_mapping *mapping);
unsigned long long daxctl_mapping_get_end(struct daxctl_mapping *mapping);
unsigned long long daxctl_mapping_get_offset(struct daxctl_mapping *mapping);
unsigned long long daxctl_mapping_get_size(struct daxctl_mapping *mapping);

/* ---- this project's additions (LIBDAXCTL_REBUILT_1) ---- */

/*
 * The per-device memmap_on_memory request (Linux 6.9+): 1 or 0.
 * -ENOENT: the kernel has no such attribute (older than 6.9).
 * Other negative errno: the read failed or the value was not 0/1.
 * The value is the request only; see daxctl_memory_get_memmap_placement().
 */
int daxctl_dev_get_memmap_on_memory(struct daxctl_dev *dev);
/*
 * Store the request. Must happen before the kmem bind to take effect.
 * Returns the kernel's errno unchanged: -EOPNOTSUPP (the global
 * memory_hotplug.memmap_on_memory is off or the block geometry does not
 * allow it), -EBUSY (bound to kmem and the value differs), -EINVAL,
 * -EINTR; -ENOENT when the kernel has no attribute.
 */
int daxctl_dev_set_memmap_on_memory(struct daxctl_dev *dev, bool enable);

/* Global memory_hotplug.memmap_on_memory parameter. */
enum daxctl_memmap_param {
	DAXCTL_MEMMAP_PARAM_OFF = 0,	/* "N" */
	DAXCTL_MEMMAP_PARAM_ON = 1,	/* "Y" */
	DAXCTL_MEMMAP_PARAM_FORCE = 2,	/* "force" */
};
/* enum daxctl_memmap_param; -ENOENT when the kernel lacks the feature, -EINVAL for an unknown value or NULL. */
int daxctl_get_memmap_on_memory_param(struct daxctl_ctx *ctx);

/* Where the kernel really put the memmap of a device's online blocks. */
enum daxctl_memmap_placement {
	DAXCTL_MEMMAP_UNKNOWN = 0,	/* cannot be told (no online block, shared node) */
	DAXCTL_MEMMAP_DEVICE = 1,	/* self-hosted on the device's memory */
	DAXCTL_MEMMAP_SYSTEM = 2,	/* allocated from other (boot) memory */
};
/*
 * Derived from the kernel's accounting of the target node (present minus
 * managed pages in /proc/zoneinfo), not from the attribute, because the
 * kernel falls back silently. Returns an enum daxctl_memmap_placement or a
 * negative errno.
 */
int daxctl_memory_get_memmap_placement(struct daxctl_memory *mem);
/* Bytes of struct page for the device's usable blocks (1/64 of them on x86-64). */
unsigned long long daxctl_memory_get_memmap_size(struct daxctl_memory *mem);

/* Zones of a system-ram device's blocks, as read from valid_zones. */
enum daxctl_zone {
	DAXCTL_ZONE_NONE = 0,	/* offline, or spans zones */
	DAXCTL_ZONE_DMA,
	DAXCTL_ZONE_DMA32,
	DAXCTL_ZONE_NORMAL,
	DAXCTL_ZONE_MOVABLE,
	DAXCTL_ZONE_COUNT,
};
/* Number of the device's online blocks in @zone, or a negative errno. */
int daxctl_memory_zone_count(struct daxctl_memory *mem, enum daxctl_zone zone);
/* "DMA", "DMA32", "Normal", "Movable", or NULL for DAXCTL_ZONE_NONE. */
const char *daxctl_zone_name(enum daxctl_zone zone);

/* block_size_bytes: the unit kmem hot-adds in; 0 if unreadable or out of bounds (16 MiB..16 GiB). */
unsigned long long daxctl_get_memory_block_size(struct daxctl_ctx *ctx);
/* /sys/devices/system/memory/auto_online_blocks, or NULL if unreadable. */
const char *daxctl_get_auto_online_policy(struct daxctl_ctx *ctx);
/* memory_hotplug.online_policy, or NULL if the kernel has none. */
const char *daxctl_get_online_policy(struct daxctl_ctx *ctx);

/* 1 if the device's driver is kmem, 0 if device_dax, -ENODEV if unbound. */
int daxctl_dev_is_system_ram(struct daxctl_dev *dev);
/* Bytes of the device that kmem can hot-add (each range trimmed to whole blocks). */
unsigned long long daxctl_dev_get_usable_ram_size(struct daxctl_dev *dev);
/* Re-read the cached attributes of @dev from sysfs: 0, -EINVAL for NULL, or the failed read's -errno. */
int daxctl_dev_refresh(struct daxctl_dev *dev);
/*
 * After an online/offline call failed: the index N of the memoryN block that
 * the kernel refused, or -1. The call's return value carries the errno.
 * daxctl_memory_offline() is all-or-nothing: on failure the blocks it had
 * offlined are onlined again into the zone they were in.
 */
long daxctl_memory_get_failed_block(struct daxctl_memory *mem);
/* Number of blocks the last online/offline call found already in the target state. */
int daxctl_memory_get_already_count(struct daxctl_memory *mem);

/* ---- Linux 7.x kmem whole-device hotplug, users (LIBDAXCTL_REBUILT_2) ---- */

/* Values of daxX.Y/state, a kmem attribute (present only while kmem is bound). */
enum daxctl_kmem_state {
	DAXCTL_KMEM_STATE_UNKNOWN = 0,	/* a value this library does not know */
	DAXCTL_KMEM_STATE_OFFLINE,	/* ranges added, blocks offline (read only) */
	DAXCTL_KMEM_STATE_ONLINE,
	DAXCTL_KMEM_STATE_ONLINE_KERNEL,
	DAXCTL_KMEM_STATE_ONLINE_MOVABLE,
	DAXCTL_KMEM_STATE_UNPLUGGED,	/* every range hot-removed, kmem still bound */
};
/*
 * The device's kmem state as the kernel reports it now (never cached): an
 * enum daxctl_kmem_state; -ENOENT when there is no daxX.Y/state (a kernel
 * without it, or the device is not bound to kmem); other negative errno
 * when it cannot be read. It names the last whole-device transition, not
 * the blocks: blocks changed through memoryN/state are not reflected.
 */
int daxctl_dev_get_kmem_state(struct daxctl_dev *dev);
/*
 * Write "unplugged" (offline and remove every range in one step; the
 * kernel rolls back on failure), or "online", "online_kernel",
 * "online_movable" (add and online every range; only from unplugged).
 * Returns the kernel's errno unchanged (-EBUSY: unmovable pages, or
 * onlining from a state other than unplugged); -EINVAL for
 * DAXCTL_KMEM_STATE_OFFLINE or UNKNOWN, never written; -ENOENT as above.
 */
int daxctl_dev_set_kmem_state(struct daxctl_dev *dev,
		enum daxctl_kmem_state state);
/* "offline", "online", "online_kernel", "online_movable", "unplugged"; NULL for UNKNOWN. */
const char *daxctl_kmem_state_name(enum daxctl_kmem_state state);
/*
 * PIDs of the processes that hold /dev/daxX.Y open or mapped, found by the
 * character device's dev_t in /proc/PID/fd and /proc/PID/maps. Returns the
 * number found (which may exceed @max; only @max are stored in @pids) or a
 * negative errno. Processes the caller may not inspect are not seen.
 */
int daxctl_dev_get_users(struct daxctl_dev *dev, int *pids, int max);

/* ---- per-block access (LIBDAXCTL_REBUILT_2) ---- */

/* What memoryN/state says; ABSENT: no memoryN directory (nothing hot-added). */
enum daxctl_block_state {
	DAXCTL_BLOCK_ABSENT = 0,
	DAXCTL_BLOCK_OFFLINE = 1,
	DAXCTL_BLOCK_ONLINE = 2,
	DAXCTL_BLOCK_GOING_OFFLINE = 3,
};
/* What daxctl_dev_set_block() writes to memoryN/state. */
enum daxctl_block_op {
	DAXCTL_BLOCK_SET_OFFLINE = 0,		/* "offline" */
	DAXCTL_BLOCK_SET_ONLINE = 1,		/* "online": online_policy picks the zone */
	DAXCTL_BLOCK_SET_ONLINE_KERNEL = 2,	/* "online_kernel": ZONE_NORMAL */
	DAXCTL_BLOCK_SET_ONLINE_MOVABLE = 3,	/* "online_movable": ZONE_MOVABLE */
};
/*
 * Number of memory blocks the device's ranges cover, whatever its driver
 * (blocks exist only while kmem has the memory added). -EACCES when the
 * ranges cannot be read (non-root), other -errno on failure.
 */
int daxctl_dev_get_nr_blocks(struct daxctl_dev *dev);
/* N of the @i-th block's memoryN (ascending in @i); -ERANGE for a bad @i. */
long long daxctl_dev_get_block_id(struct daxctl_dev *dev, int i);
/* Physical start of the @i-th block (its size: daxctl_get_memory_block_size()); ULLONG_MAX on error. */
unsigned long long daxctl_dev_get_block_start(struct daxctl_dev *dev, int i);
/*
 * Read the @i-th block's state, and for an online block its zone into
 * *@zone (may be NULL; DAXCTL_ZONE_NONE when offline, absent or spanning
 * zones). One state read plus one valid_zones read when online. Returns an
 * enum daxctl_block_state or a negative errno.
 */
int daxctl_dev_read_block(struct daxctl_dev *dev, int i, enum daxctl_zone *zone);
/*
 * Write @op to the @i-th block's state. Never writes the state the block
 * is in (the kernel answers EINVAL): the block is read first unless it was
 * read or written since the device was last refreshed. Returns 0 when
 * written, 1 when the block already was (or a racing writer made it) in
 * the target state (online in any zone for the online ops), -ENXIO for an
 * absent block, else the kernel's -errno (daxctl_memory_get_failed_block()
 * names the block).
 */
int daxctl_dev_set_block(struct daxctl_dev *dev, int i, enum daxctl_block_op op);
/*
 * Number of "System RAM (kmem)" ranges in /proc/iomem that overlap the
 * device's ranges: nonzero after a kmem unbind means the memory is still
 * added (stranded until reboot). -EACCES when /proc/iomem hides addresses.
 */
int daxctl_dev_count_iomem_ram(struct daxctl_dev *dev);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* _LIBDAXCTL_H_ */
