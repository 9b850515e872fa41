/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to libdaxctl: object layouts, logging, cross-file prototypes. */
#ifndef _DAXCTL_PRIVATE_H_
#define _DAXCTL_PRIVATE_H_

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <syslog.h>
#include <sys/types.h>

#include "libdaxctl.h"

#define DAXCTL_EXPORT __attribute__((visibility("default")))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* Node ids below MAX_NUMNODES: x86-64's NODES_SHIFT of 10 is the widest of any arch */
#define NODE_ID_LIMIT 1024

/* ---- ctx.c ---- */

struct node_pages {
	uint64_t present;	/* pages the node's zones span, minus holes */
	uint64_t managed;	/* pages the buddy allocator got */
	unsigned int populated;	/* 1 << enum daxctl_zone of zones with present pages */
};

/* node_pages.populated: a zone with present pages that has no daxctl_zone */
#define ZONE_BIT_OTHER (1u << 31)

struct daxctl_ctx {
	int refcount;
	void (*log_fn)(struct daxctl_ctx *ctx, int priority, const char *file,
			int line, const char *fn, const char *format, va_list args);
	int log_priority;
	void *userdata;
	const char *config_path;
	struct daxctl_region **regions;	/* sorted by id, then path */
	int nr_regions;
	bool regions_scanned;
	uint64_t block_size;		/* 0 until read by memory.c */
	int block_size_rc;		/* its -errno once refused */
	struct node_pages *node_pages;	/* /proc/zoneinfo, until a hotplug write */
	int nr_node_pages;
	bool node_pages_valid;
	int memmap_param;		/* daxctl_get_memmap_on_memory_param() */
	bool memmap_param_read;
	char auto_online[32];		/* "" until read */
	char online_policy[32];
};

void daxctl_log(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, ...) _printf_(6, 7);

#define daxctl_log_cond(ctx, prio, ...)					\
	do {								\
		if ((ctx) && (ctx)->log_priority >= (prio))		\
			daxctl_log(ctx, prio, __FILE__, __LINE__,	\
					__func__, __VA_ARGS__);		\
	} while (0)

#define dbg(ctx, ...) daxctl_log_cond(ctx, LOG_DEBUG, __VA_ARGS__)
#define info(ctx, ...) daxctl_log_cond(ctx, LOG_INFO, __VA_ARGS__)
#define notice(ctx, ...) daxctl_log_cond(ctx, LOG_NOTICE, __VA_ARGS__)
#define err(ctx, ...) daxctl_log_cond(ctx, LOG_ERR, __VA_ARGS__)

/* Append @obj to a growable pointer array; 0 or -ENOMEM. */
int ptr_array_add(void ***array, int *nr, void *obj);

/* ---- module.c ---- */

/* modprobe @name through libkmod, opened on first use; 0 or -errno. */
int module_load(struct daxctl_ctx *ctx, const char *name);

/* ---- region.c ---- */

struct daxctl_region {
	struct daxctl_ctx *ctx;
	int refcount;
	int id;
	uuid_t uuid;
	char *path;		/* sysfs directory that holds dax_region/ */
	char *devname;		/* basename of path */
	unsigned long long size;
	unsigned long align;
	bool is_static;		/* no dax_region/create: pmem-style */
	struct daxctl_dev **devs;	/* sorted by id */
	int nr_devs;
	bool devs_scanned;
	int index;		/* position in ctx->regions */
};

/* Find or add the region that holds @path; takes no reference. */
struct daxctl_region *region_get(struct daxctl_ctx *ctx, int id,
		const char *path);
void region_free(struct daxctl_region *region);
int region_scan_devs(struct daxctl_region *region);
int ctx_scan_regions(struct daxctl_ctx *ctx);

/* ---- dev.c ---- */

enum dax_driver {
	DAX_DRIVER_NONE = 0,
	DAX_DRIVER_DEVDAX,	/* device_dax */
	DAX_DRIVER_KMEM,	/* kmem */
	DAX_DRIVER_OTHER,
	DAX_DRIVER_FAMFS,	/* fsdev_dax (Linux 7.3+, famfs) */
};

struct daxctl_dev {
	struct daxctl_region *region;
	int id;
	char devname[32];	/* "daxX.Y", validated */
	char *path;		/* sysfs directory */
	int major, minor;
	unsigned long long resource;
	unsigned long long size;
	unsigned long align;
	int target_node;
	int memmap_on_memory;	/* 1, 0 or -errno (-ENOENT: no attribute) */
	enum dax_driver driver;
	bool class_model;	/* /sys/class/dax: no driver switching */
	struct daxctl_mapping **mappings;
	int nr_mappings;
	bool mappings_scanned;
	int mappings_rc;	/* the scan's result: garbage stays refused */
	struct daxctl_memory *mem;
	int index;		/* position in region->devs */
};

int dev_add(struct daxctl_region *region, const char *path, bool class_model);
void dev_free(struct daxctl_dev *dev);
/* Check that @name is exactly "dax%u.%u" and return its ids. */
int dax_name_parse(const char *name, int *region_id, int *dev_id);

/* ---- mapping.c ---- */

struct daxctl_mapping {
	struct daxctl_dev *dev;
	unsigned long long start, end, pgoff;
	int index;
};

int dev_scan_mappings(struct daxctl_dev *dev);
void dev_free_mappings(struct daxctl_dev *dev);

/* ---- memory.c ---- */

struct daxctl_memory {
	struct daxctl_dev *dev;
	unsigned long block_size;
	char *node_path;
	uint64_t *blocks;	/* memoryN indexes, ascending */
	unsigned char *state;	/* enum block_state per block, from the last scan */
	unsigned char *zone;	/* enum daxctl_zone per block, from the last scan */
	int nr_blocks;
	bool blocks_valid;	/* blocks[] matches the device's ranges */
	bool states_valid;	/* state[] is from a scan with no write since */
	bool zones_valid;	/* zone[] too */
	bool just_written;	/* state[] set by our own online/offline, not yet reported */
	long failed_block;
	int already;
	unsigned char *seen;	/* per block: state[] read or written since the last refresh */
};

void memory_free(struct daxctl_memory *mem);
/* Forget the block list and cached states; recomputed on next use. */
void memory_invalidate(struct daxctl_memory *mem);
int ctx_block_size(struct daxctl_ctx *ctx, uint64_t *bs);
/* Page totals of @node from one /proc/zoneinfo read per context... */
int ctx_node_pages(struct daxctl_ctx *ctx, int node, uint64_t *present,
		uint64_t *managed);
/* ...until memory is added, removed, onlined or offlined. */
void ctx_forget_node_pages(struct daxctl_ctx *ctx);
/* The zone every online block of @node is in, when the node has only one
 * populated zone; DAXCTL_ZONE_NONE when that does not decide it. */
int ctx_node_only_zone(struct daxctl_ctx *ctx, int node);
/* enum daxctl_zone of a zone name as valid_zones and zoneinfo print it, or
 * DAXCTL_ZONE_NONE. */
int zone_from_name(const char *name);

/* ---- sysfs.c: the only code that opens anything under /sys or /proc ---- */

#define SYS_BUS_DAX_DEVICES "/sys/bus/dax/devices"
#define SYS_BUS_DAX_DRIVERS "/sys/bus/dax/drivers"
#define SYS_CLASS_DAX "/sys/class/dax"
#define SYS_MEMORY "/sys/devices/system/memory"
#define SYS_NODE "/sys/devices/system/node"
#define SYS_HOTPLUG_PARAMS "/sys/module/memory_hotplug/parameters"

/* Read a whole attribute; one trailing newline is stripped. */
int sysfs_read(struct daxctl_ctx *ctx, const char *dir, const char *attr,
		char *buf, size_t len);
/* Strict numeric readers: whole string, range-checked, else -EINVAL. */
int sysfs_read_u64(struct daxctl_ctx *ctx, const char *dir, const char *attr,
		uint64_t *v);			/* decimal, or 0x-prefixed hex */
int sysfs_read_hex(struct daxctl_ctx *ctx, const char *dir, const char *attr,
		uint64_t *v);			/* hex with or without 0x */
int sysfs_read_s64(struct daxctl_ctx *ctx, const char *dir, const char *attr,
		int64_t *v);
/* One write(2) of @s; returns 0 or the kernel's -errno. */
int sysfs_write(struct daxctl_ctx *ctx, const char *dir, const char *attr,
		const char *s);
/* 1 if @attr exists under @dir, 0 if not, -errno on other failures. */
int sysfs_exists(const char *dir, const char *attr);
/* readlink of @dir/@attr into @buf; -ENOENT when absent. */
int sysfs_readlink(const char *dir, const char *attr, char *buf, size_t len);
/* realpath of @dir/@name; malloc'd string or NULL (errno set). */
char *sysfs_realpath(const char *dir, const char *name);

typedef int (*sysfs_scan_fn)(const char *dir, const char *name, void *arg);
/* Call @fn for each entry of @dir whose name starts with @prefix. */
int sysfs_scan(struct daxctl_ctx *ctx, const char *dir, const char *prefix,
		sysfs_scan_fn fn, void *arg);

/* /proc/zoneinfo: present/managed page totals of every node, malloc'd. */
int procfs_read_node_pages(struct daxctl_ctx *ctx, struct node_pages **pages,
		int *nr);
/*
 * /proc/iomem: how many lines labelled @label overlap one of the @n ranges
 * [@start[i], @end[i]] (inclusive); -EACCES when the addresses are hidden.
 */
int procfs_iomem_count(struct daxctl_ctx *ctx, const char *label,
		const uint64_t *start, const uint64_t *end, int n);
/* /proc/iomem: start of the line named @name; -ENOENT if none. */
int procfs_iomem_start(struct daxctl_ctx *ctx, const char *name,
		uint64_t *start);

/* PIDs with @rdev (a character device) open or mapped; the count, of which
 * at most @max are stored, or -errno. */
int procfs_chrdev_users(struct daxctl_ctx *ctx, dev_t rdev, int *pids,
		int max);

/* Format helpers: join @dir and @name into @buf (-ENAMETOOLONG on overflow). */
int path_join(char *buf, size_t len, const char *dir, const char *name);

#endif /* _DAXCTL_PRIVATE_H_ */
