/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to libdaxctl: object layouts, logging, cross-file prototypes. */
#ifndef _DAXCTL_PRIVATE_H_
#define _DAXCTL_PRIVATE_H_

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <syslog.h>
#include <errno.h>
#include <sys/types.h>

#include "libdaxctl.h"

#define DAXCTL_EXPORT __attribute__((visibility("default")))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* Node ids below MAX_NUMNODES: x86-64's NODES_SHIFT of 10 is the widest of any arch */
#define NODE_ID_LIMIT 1024

/* An object's sysfs directory: its fd opens on first use, attributes are relative to it. */
struct sysfs_dir {
	char *path;	/* absolute; for messages and the *_get_path() getters */
	int fd;		/* O_DIRECTORY | O_CLOEXEC, or -1 until first used */
	bool by_path;	/* read once or twice: no fd, each attribute opened by path */
};

/* ---- ctx.c ---- */

/* The kernel-wide directories a context reads, each one handle. */
enum sys_dir {
	SYS_BUS_DAX_DEVICES,	/* /sys/bus/dax/devices */
	SYS_BUS_DAX_DRIVERS,	/* /sys/bus/dax/drivers */
	SYS_CLASS_DAX,		/* /sys/class/dax (before Linux 5.1's bus model) */
	SYS_MEMORY,		/* /sys/devices/system/memory */
	SYS_NODE,		/* /sys/devices/system/node */
	SYS_HOTPLUG_PARAMS,	/* /sys/module/memory_hotplug/parameters */
	SYS_DIR_COUNT,
};

struct node_pages {
	uint64_t present;	/* pages the node's zones span, minus holes */
	uint64_t managed;	/* pages the buddy allocator got */
};

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
	struct sysfs_dir sys[SYS_DIR_COUNT];
	int sysfs_fds;			/* directory fds held open (sysfs.c) */
};

/* The context's handle on one kernel-wide directory. */
struct sysfs_dir *ctx_dir(struct daxctl_ctx *ctx, enum sys_dir which);

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

/*
 * Append @obj to the typed array @arr of @nr elements (both lvalues, @nr
 * an int); 0 or -ENOMEM. No void ** in between: the element type stays.
 */
#define array_append(arr, nr, obj) ({					\
	__typeof__(arr) _grown = realloc((arr), sizeof(*(arr)) * ((nr) + 1)); \
	int _rc = -ENOMEM;						\
	if (_grown) {							\
		_grown[(nr)++] = (obj);					\
		(arr) = _grown;						\
		_rc = 0;						\
	}								\
	_rc;								\
})

/* ---- module.c ---- */

/* modprobe @name through libkmod, opened on first use; 0 or -errno. */
int module_load(struct daxctl_ctx *ctx, const char *name);

/* ---- region.c ---- */

struct daxctl_region {
	struct daxctl_ctx *ctx;
	int refcount;
	int id;
	uuid_t uuid;
	struct sysfs_dir dir;	/* the directory that holds dax_region/ */
	struct sysfs_dir dax_region;
	char *devname;		/* basename of the path */
	unsigned long long size;
	unsigned long align;
	bool is_static;		/* no dax_region/create: pmem-style */
	struct daxctl_dev **devs;	/* sorted by id */
	int nr_devs;
	bool devs_scanned;
	int index;		/* position in ctx->regions */
};

void region_free(struct daxctl_region *region);
int region_scan_devs(struct daxctl_region *region);

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
	struct sysfs_dir dir;	/* its sysfs directory */
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

/* Add device @name found in @parent (skipped, not fatal, when unreadable). */
int dev_add(struct daxctl_region *region, struct sysfs_dir *parent,
		const char *name, bool class_model);
void dev_free(struct daxctl_dev *dev);
/* Check that @name is exactly "dax%u.%u" and return its ids. */
int dax_name_parse(const char *name, int *region_id, int *dev_id);

/* ---- mapping.c (owns struct daxctl_mapping) ---- */

/* Read mappingN once per refresh; the result (0 or -errno) is remembered. */
int dev_scan_mappings(struct daxctl_dev *dev);
void dev_free_mappings(struct daxctl_dev *dev);

/* ---- memory.c (owns struct daxctl_memory) ---- */

void memory_free(struct daxctl_memory *mem);
/* Forget the block list and cached states; recomputed on next use. */
void memory_invalidate(struct daxctl_memory *mem);
int ctx_block_size(struct daxctl_ctx *ctx, uint64_t *bs);
/* Drop the /proc/zoneinfo totals: memory was added, removed, onlined or offlined. */
void ctx_forget_node_pages(struct daxctl_ctx *ctx);

/* ---- sysfs.c: the only code that opens anything under /sys or /proc ---- */

/* Set up @d for @path (copied), or for @name under @parent; 0 or -ENOMEM. No syscall. */
int sysfs_dir_init(struct sysfs_dir *d, const char *path);
int sysfs_dir_child(struct sysfs_dir *d, const struct sysfs_dir *parent,
		const char *name);
/* Close the fd (reopened on next use: the directory may have been replaced). */
void sysfs_dir_close(struct daxctl_ctx *ctx, struct sysfs_dir *d);
/* Close the fd and free the path. */
void sysfs_dir_release(struct daxctl_ctx *ctx, struct sysfs_dir *d);

/* Read a whole attribute into @buf; one trailing newline is stripped. */
int sysfs_read_str(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, char *buf, size_t len);
/* Strict numeric readers: whole string, range-checked, else -EINVAL logged with path and text. */
int sysfs_read_u64(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, uint64_t *v);	/* decimal, or 0x-prefixed hex */
int sysfs_read_hex(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, uint64_t *v);	/* hex with or without 0x */
int sysfs_read_s64(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, int64_t *v);
/* One write(2) of @s; returns 0 or the kernel's -errno. */
int sysfs_write_str(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, const char *s);
/* 1 if @attr exists in @d (not followed), 0 if not (or no @d), -errno on other failures. */
int sysfs_exists(struct daxctl_ctx *ctx, struct sysfs_dir *d, const char *attr);
/* readlinkat of @attr into @buf; -ENOENT when absent. */
int sysfs_readlink(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, char *buf, size_t len);
/* Absolute path of the directory @levels above where entry @name leads; malloc'd or NULL (errno). */
char *sysfs_resolve(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *name, int levels);

typedef int (*sysfs_scan_fn)(struct sysfs_dir *d, const char *name, void *arg);
/* Call @fn for each entry of @d whose name starts with @prefix; stops at its first nonzero. */
int sysfs_scan(struct daxctl_ctx *ctx, struct sysfs_dir *d, const char *prefix,
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

#endif /* _DAXCTL_PRIVATE_H_ */
