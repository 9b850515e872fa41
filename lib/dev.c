// SPDX-License-Identifier: LGPL-2.1-or-later
/* dax devices: attributes, driver binding, memmap_on_memory. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static const struct {
	const char *name;	/* driver directory and module name */
	enum dax_driver driver;
} dax_drivers[] = {
	{ "device_dax", DAX_DRIVER_DEVDAX },
	{ "kmem", DAX_DRIVER_KMEM },
	{ "fsdev_dax", DAX_DRIVER_FAMFS },
};

static const char *driver_name(enum dax_driver drv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dax_drivers); i++)
		if (dax_drivers[i].driver == drv)
			return dax_drivers[i].name;
	return NULL;
}

int dax_name_parse(const char *name, int *region_id, int *dev_id)
{
	unsigned int r, d;
	int n = -1;

	if (strncmp(name, "dax", 3) || name[3] < '0' || name[3] > '9')
		return -EINVAL;
	if (sscanf(name, "dax%u.%u%n", &r, &d, &n) != 2 || n < 0 ||
			name[n] != '\0' || r > INT_MAX || d > INT_MAX)
		return -EINVAL;
	/* reject forms sscanf tolerates: "dax1.+2", "dax 1.2" */
	if (strspn(name + 3, "0123456789.") != strlen(name + 3))
		return -EINVAL;
	*region_id = (int)r;
	*dev_id = (int)d;
	return 0;
}

static enum dax_driver dev_read_driver(struct daxctl_dev *dev)
{
	char link[PATH_MAX];
	const char *base;
	size_t i;

	if (sysfs_readlink(dev->region->ctx, &dev->dir, "driver", link,
				sizeof(link)))
		return DAX_DRIVER_NONE;
	base = strrchr(link, '/');
	base = base ? base + 1 : link;
	for (i = 0; i < ARRAY_SIZE(dax_drivers); i++)
		if (!strcmp(base, dax_drivers[i].name))
			return dax_drivers[i].driver;
	return DAX_DRIVER_OTHER;
}

static int dev_read_memmap(struct daxctl_dev *dev)
{
	uint64_t v;
	int rc;

	/* added in Linux 6.9 (commit 73954d379efd); -ENOENT without it */
	rc = sysfs_read_u64(dev->region->ctx, &dev->dir, "memmap_on_memory", &v);
	if (rc)
		return rc;
	if (v > 1) {
		err(dev->region->ctx, "%s/memmap_on_memory: unexpected value \"%llu\"",
				dev->dir.path, (unsigned long long)v);
		return -EINVAL;
	}
	return (int)v;
}

/* -1 is NUMA_NO_NODE */
static int dev_read_target_node(struct daxctl_dev *dev)
{
	int64_t s;

	if (sysfs_read_s64(dev->region->ctx, &dev->dir, "target_node", &s))
		return -1;
	if (s < -1 || s >= NODE_ID_LIMIT) {
		err(dev->region->ctx, "%s/target_node: unexpected value \"%lld\"",
				dev->dir.path, (long long)s);
		return -1;
	}
	return (int)s;
}

static void dev_read_resource(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx = dev->region->ctx;
	uint64_t v;

	dev->resource = 0;
	/* resource is 0400; /proc/iomem names the device too (zeroed for non-root) */
	if (sysfs_read_hex(ctx, &dev->dir, "resource", &v) == 0 ||
			procfs_iomem_start(ctx, dev->devname, &v) == 0)
		dev->resource = v;
}

/* "MAJOR:MINOR" as the kernel prints a dev_t: 12-bit major, 20-bit minor */
static int parse_devnum(const char *s, int *major, int *minor)
{
	unsigned int ma, mi;
	int n = -1;

	if (strspn(s, "0123456789:") != strlen(s) || *s == ':')
		return -EINVAL;
	if (sscanf(s, "%u:%u%n", &ma, &mi, &n) != 2 || n < 0 || s[n] ||
			ma >= 1U << 12 || mi >= 1U << 20)
		return -EINVAL;
	*major = (int)ma;
	*minor = (int)mi;
	return 0;
}

static int attr_fail(struct daxctl_dev *dev, const char *attr, int rc)
{
	err(dev->region->ctx, "%s: skipped, attributes unreadable: %s/%s: %s",
			dev->devname, dev->dir.path,
			attr, strerror(-rc));
	return rc;
}

static int dev_read_attrs(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx = dev->region->ctx;
	char buf[64];
	uint64_t v;
	int rc;

	rc = sysfs_read_str(ctx, &dev->dir, "dev", buf, sizeof(buf));
	if (rc == 0 && parse_devnum(buf, &dev->major, &dev->minor)) {
		err(ctx, "%s/dev: unexpected value \"%s\"", dev->dir.path, buf);
		rc = -EINVAL;
	}
	if (rc)
		return attr_fail(dev, "dev", rc);
	rc = sysfs_read_u64(ctx, &dev->dir, "size", &v);
	if (rc == 0 && dev->region->size != ULLONG_MAX && v > dev->region->size) {
		err(ctx, "%s/size: unexpected value \"%llu\" (region of %llu bytes)",
				dev->dir.path, (unsigned long long)v,
				dev->region->size);
		rc = -EINVAL;
	}
	if (rc)
		return attr_fail(dev, "size", rc);
	dev->size = v;
	dev->align = sysfs_read_u64(ctx, &dev->dir, "align", &v) ? 0 : v;
	dev->target_node = dev_read_target_node(dev);
	dev->memmap_on_memory = dev_read_memmap(dev);
	dev->driver = dev_read_driver(dev);
	dev_read_resource(dev);
	return 0;
}

int dev_add(struct daxctl_region *region, struct sysfs_dir *parent,
		const char *name, bool class_model)
{
	struct daxctl_ctx *ctx = region->ctx;
	struct daxctl_dev *dev;
	int rid, rc;

	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->region = region;
	dev->class_model = class_model;
	dev->dir.fd = -1;
	rc = dax_name_parse(name, &rid, &dev->id);
	if (rc)
		goto err_free;
	snprintf(dev->devname, sizeof(dev->devname), "%s", name);
	rc = sysfs_dir_child(&dev->dir, parent, name);
	if (rc)
		goto err_free;
	rc = dev_read_attrs(dev);
	if (rc) {
		/* a device that cannot be read is skipped (and said so), not fatal */
		dev_free(dev);
		return 0;
	}
	rc = array_append(region->devs, region->nr_devs, dev);
	if (rc)
		goto err_free;
	dbg(ctx, "%s: size %llu node %d", dev->devname, dev->size,
			dev->target_node);
	return 0;
err_free:
	dev_free(dev);
	return rc;
}

void dev_free(struct daxctl_dev *dev)
{
	if (!dev)
		return;
	dev_free_mappings(dev);
	memory_free(dev->mem);
	sysfs_dir_release(dev->region->ctx, &dev->dir);
	free(dev);
}

DAXCTL_EXPORT int daxctl_dev_refresh(struct daxctl_dev *dev)
{
	if (!dev)
		return -EINVAL;
	dev_free_mappings(dev);
	memory_invalidate(dev->mem);
	/* reopened on first use: a device of that name may be a new one */
	sysfs_dir_close(dev->region->ctx, &dev->dir);
	return dev_read_attrs(dev);
}

DAXCTL_EXPORT struct daxctl_dev *daxctl_dev_get_first(
		struct daxctl_region *region)
{
	if (!region)
		return NULL;
	region_scan_devs(region);
	return region->nr_devs ? region->devs[0] : NULL;
}

DAXCTL_EXPORT struct daxctl_dev *daxctl_dev_get_next(struct daxctl_dev *dev)
{
	struct daxctl_region *region;

	if (!dev)
		return NULL;
	region = dev->region;
	if (dev->index + 1 >= region->nr_devs)
		return NULL;
	return region->devs[dev->index + 1];
}

DAXCTL_EXPORT struct daxctl_region *daxctl_dev_get_region(
		struct daxctl_dev *dev)
{
	return dev ? dev->region : NULL;
}

DAXCTL_EXPORT int daxctl_dev_get_id(struct daxctl_dev *dev)
{
	return dev ? dev->id : -EINVAL;
}

DAXCTL_EXPORT const char *daxctl_dev_get_devname(struct daxctl_dev *dev)
{
	return dev ? dev->devname : NULL;
}

DAXCTL_EXPORT int daxctl_dev_get_major(struct daxctl_dev *dev)
{
	return dev ? dev->major : -EINVAL;
}

DAXCTL_EXPORT int daxctl_dev_get_minor(struct daxctl_dev *dev)
{
	return dev ? dev->minor : -EINVAL;
}

DAXCTL_EXPORT unsigned long long daxctl_dev_get_resource(
		struct daxctl_dev *dev)
{
	return dev ? dev->resource : 0;
}

DAXCTL_EXPORT unsigned long long daxctl_dev_get_size(struct daxctl_dev *dev)
{
	return dev ? dev->size : 0;
}

DAXCTL_EXPORT unsigned long daxctl_dev_get_align(struct daxctl_dev *dev)
{
	return dev ? dev->align : 0;
}

DAXCTL_EXPORT struct daxctl_ctx *daxctl_dev_get_ctx(struct daxctl_dev *dev)
{
	return dev ? dev->region->ctx : NULL;
}

DAXCTL_EXPORT int daxctl_dev_get_target_node(struct daxctl_dev *dev)
{
	return dev ? dev->target_node : -1;
}

DAXCTL_EXPORT int daxctl_dev_is_enabled(struct daxctl_dev *dev)
{
	if (!dev)
		return 0;
	if (dev->class_model)
		return 1;
	dev->driver = dev_read_driver(dev);
	return dev->driver != DAX_DRIVER_NONE;
}

DAXCTL_EXPORT int daxctl_dev_is_system_ram(struct daxctl_dev *dev)
{
	if (!dev)
		return -EINVAL;
	if (dev->class_model)
		return 0;
	if (dev->driver == DAX_DRIVER_NONE)
		return -ENODEV;
	return dev->driver == DAX_DRIVER_KMEM;
}

/* 1 when bound to @drv now (the driver link is read afresh), else 0. */
static int dev_mode_is(struct daxctl_dev *dev, enum dax_driver drv)
{
	if (!dev || dev->class_model)
		return 0;
	if (!daxctl_dev_is_enabled(dev))
		return 0;
	return dev->driver == drv;
}

DAXCTL_EXPORT int daxctl_dev_is_system_ram_mode(struct daxctl_dev *dev)
{
	return dev_mode_is(dev, DAX_DRIVER_KMEM);
}

DAXCTL_EXPORT int daxctl_dev_is_devdax_mode(struct daxctl_dev *dev)
{
	return dev_mode_is(dev, DAX_DRIVER_DEVDAX);
}

DAXCTL_EXPORT int daxctl_dev_is_famfs_mode(struct daxctl_dev *dev)
{
	return dev_mode_is(dev, DAX_DRIVER_FAMFS);
}

/* Upstream 85 answers the same as daxctl_dev_is_system_ram_mode(). */
DAXCTL_EXPORT int daxctl_dev_is_system_ram_capable(struct daxctl_dev *dev)
{
	return daxctl_dev_is_system_ram_mode(dev);
}

DAXCTL_EXPORT enum daxctl_dev_mode daxctl_dev_get_mode(struct daxctl_dev *dev)
{
	if (daxctl_dev_is_system_ram_mode(dev))
		return DAXCTL_DEV_MODE_RAM;
	if (dev_mode_is(dev, DAX_DRIVER_FAMFS))
		return DAXCTL_DEV_MODE_FAMFS;
	if (dev_mode_is(dev, DAX_DRIVER_DEVDAX))
		return DAXCTL_DEV_MODE_DEVDAX;
	return DAXCTL_DEV_MODE_UNKNOWN;
}

/* Rewrite the cached values that a sysfs write may have changed. */
static int dev_reread(struct daxctl_dev *dev, const char *attr, int rc)
{
	int rc2 = daxctl_dev_refresh(dev);

	if (rc)
		err(dev->region->ctx, "%s: write %s: %s", dev->devname, attr,
				strerror(-rc));
	return rc ? rc : rc2;
}

DAXCTL_EXPORT int daxctl_dev_set_size(struct daxctl_dev *dev,
		unsigned long long size)
{
	char buf[32];

	if (!dev)
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%#llx", size);
	return dev_reread(dev, "size",
			sysfs_write_str(dev->region->ctx, &dev->dir, "size", buf));
}

DAXCTL_EXPORT int daxctl_dev_set_align(struct daxctl_dev *dev,
		unsigned long align)
{
	char buf[32];

	if (!dev)
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%#lx", align);
	return dev_reread(dev, "align",
			sysfs_write_str(dev->region->ctx, &dev->dir, "align", buf));
}

DAXCTL_EXPORT int daxctl_dev_set_mapping(struct daxctl_dev *dev,
		unsigned long long start, unsigned long long end)
{
	char buf[64];

	if (!dev || end < start)
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%#llx-%#llx", start, end);
	return dev_reread(dev, "mapping",
			sysfs_write_str(dev->region->ctx, &dev->dir, "mapping", buf));
}

DAXCTL_EXPORT int daxctl_dev_get_memmap_on_memory(struct daxctl_dev *dev)
{
	if (!dev)
		return -EINVAL;
	return dev->memmap_on_memory;
}

DAXCTL_EXPORT int daxctl_dev_set_memmap_on_memory(struct daxctl_dev *dev,
		bool enable)
{
	struct daxctl_ctx *ctx;
	int rc;

	if (!dev)
		return -EINVAL;
	ctx = dev->region->ctx;
	rc = sysfs_exists(ctx, &dev->dir, "memmap_on_memory");
	if (rc == 0) {
		dbg(ctx, "%s: kernel has no memmap_on_memory attribute",
				dev->devname);
		return -ENOENT;
	}
	if (rc < 0)
		return rc;
	rc = sysfs_write_str(ctx, &dev->dir, "memmap_on_memory",
			enable ? "1" : "0");
	if (rc) {
		dbg(ctx, "%s: write memmap_on_memory=%d: %s", dev->devname,
				enable, strerror(-rc));
		return rc;
	}
	dev->memmap_on_memory = dev_read_memmap(dev);
	return dev->memmap_on_memory == (int)enable ? 0 : -EIO;
}

/* A driver that is built in, or already loaded, has its directory. */
static int driver_load(struct daxctl_ctx *ctx, const char *name)
{
	struct sysfs_dir *drivers = ctx_dir(ctx, SYS_BUS_DAX_DRIVERS);
	int rc;

	if (sysfs_exists(ctx, drivers, name) == 1)
		return 0;
	rc = module_load(ctx, name);
	if (rc < 0 && sysfs_exists(ctx, drivers, name) != 1) {
		err(ctx, "cannot load the %s module: %s", name, strerror(-rc));
		return rc;
	}
	return 0;
}

static int dev_bind(struct daxctl_dev *dev, enum dax_driver drv)
{
	struct daxctl_ctx *ctx = dev->region->ctx;
	const char *name = driver_name(drv);
	struct sysfs_dir dir;
	int rc;

	if (dev->class_model)
		return -EOPNOTSUPP;
	rc = driver_load(ctx, name);
	if (rc)
		return rc;
	rc = sysfs_dir_child(&dir, ctx_dir(ctx, SYS_BUS_DAX_DRIVERS), name);
	if (rc)
		return rc;
	dir.by_path = true;
	ctx_forget_node_pages(ctx);
	/* new_id binds synchronously; the bind that follows may fail harmlessly */
	rc = sysfs_write_str(ctx, &dir, "new_id", dev->devname);
	if (rc && rc != -EEXIST)
		dbg(ctx, "%s: %s/new_id: %s", dev->devname, name, strerror(-rc));
	if (dev_read_driver(dev) == DAX_DRIVER_NONE)
		rc = sysfs_write_str(ctx, &dir, "bind", dev->devname);
	sysfs_dir_release(ctx, &dir);
	daxctl_dev_refresh(dev);
	if (dev->driver == drv)
		return 0;
	if (dev->driver != DAX_DRIVER_NONE)
		return -EBUSY;
	err(ctx, "%s: %s did not bind: %s", dev->devname, name,
			strerror(rc ? -rc : ENXIO));
	return rc ? rc : -ENXIO;
}

DAXCTL_EXPORT int daxctl_dev_enable_devdax(struct daxctl_dev *dev)
{
	if (!dev)
		return -EINVAL;
	if (daxctl_dev_is_enabled(dev))
		return dev->class_model ? -EOPNOTSUPP : 0;
	return dev_bind(dev, DAX_DRIVER_DEVDAX);
}

DAXCTL_EXPORT int daxctl_dev_enable_famfs(struct daxctl_dev *dev)
{
	if (!dev)
		return -EINVAL;
	if (daxctl_dev_is_enabled(dev))
		return dev->class_model ? -EOPNOTSUPP : 0;
	return dev_bind(dev, DAX_DRIVER_FAMFS);
}

DAXCTL_EXPORT unsigned long long daxctl_dev_get_usable_ram_size(
		struct daxctl_dev *dev)
{
	struct daxctl_mapping *m;
	unsigned long long total = 0, first, last;
	uint64_t bs;

	if (!dev || ctx_block_size(dev->region->ctx, &bs))
		return 0;
	daxctl_mapping_foreach(dev, m) {
		first = (daxctl_mapping_get_start(m) + bs - 1) / bs;
		last = (daxctl_mapping_get_end(m) + 1) / bs;
		if (last > first)
			total += (last - first) * bs;
	}
	if (!dev->nr_mappings && dev->resource) {
		first = (dev->resource + bs - 1) / bs;
		last = (dev->resource + dev->size) / bs;
		if (last > first)
			total += (last - first) * bs;
	}
	return total;
}

/* kmem rejects these in its probe; say why before touching anything. */
static int dev_ram_preflight(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx = dev->region->ctx;

	if (dev->target_node < 0) {
		err(ctx, "%s: no target_node: kmem cannot hot-add it",
				dev->devname);
		return -EINVAL;
	}
	if (daxctl_dev_get_usable_ram_size(dev) == 0) {
		err(ctx, "%s: no whole memory block in its range: kmem would refuse it",
				dev->devname);
		return -EINVAL;
	}
	return 0;
}

DAXCTL_EXPORT int daxctl_dev_enable_ram(struct daxctl_dev *dev)
{
	int rc;

	if (!dev)
		return -EINVAL;
	if (daxctl_dev_is_enabled(dev))
		return dev->class_model ? -EOPNOTSUPP : 0;
	rc = dev_ram_preflight(dev);
	if (rc)
		return rc;
	return dev_bind(dev, DAX_DRIVER_KMEM);
}

/* Before kmem lets go: every block must be known to be offline. */
static int dev_check_offline(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx = dev->region->ctx;
	struct daxctl_memory *mem;
	int rc;

	if (dev->driver != DAX_DRIVER_KMEM)
		return 0;
	mem = daxctl_dev_get_memory(dev);
	rc = mem ? daxctl_memory_is_online(mem) : -ENXIO;
	if (rc == 0)
		return 0;
	err(ctx, "%s: %s; refusing to unbind kmem", dev->devname,
			rc > 0 ? "memory is online" : "block states unknown");
	return rc > 0 ? -EBUSY : rc;
}

DAXCTL_EXPORT int daxctl_dev_disable(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx;
	struct sysfs_dir dir;
	int rc;

	if (!dev)
		return -EINVAL;
	ctx = dev->region->ctx;
	if (dev->class_model)
		return -EOPNOTSUPP;
	if (!daxctl_dev_is_enabled(dev))
		return 0;
	/* kmem unbind with online blocks loses the range until reboot */
	rc = dev_check_offline(dev);
	if (rc)
		return rc;
	rc = sysfs_dir_child(&dir, &dev->dir, "driver");
	if (rc)
		return rc;
	dir.by_path = true;
	ctx_forget_node_pages(ctx);
	sysfs_write_str(ctx, &dir, "remove_id", dev->devname);
	rc = sysfs_write_str(ctx, &dir, "unbind", dev->devname);
	sysfs_dir_release(ctx, &dir);
	daxctl_dev_refresh(dev);
	if (dev->driver == DAX_DRIVER_NONE)
		return 0;
	err(ctx, "%s: still bound after unbind: %s", dev->devname,
			strerror(rc ? -rc : EBUSY));
	return rc ? rc : -EBUSY;
}
