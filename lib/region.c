// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dax regions. The kernel has no region list of its own: a region is the
 * parent directory of its devices, so regions are found through the devices
 * under /sys/bus/dax/devices (and the legacy /sys/class/dax).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static int region_cmp(const void *a, const void *b)
{
	const struct daxctl_region *ra = *(struct daxctl_region * const *)a;
	const struct daxctl_region *rb = *(struct daxctl_region * const *)b;

	if (ra->id != rb->id)
		return ra->id < rb->id ? -1 : 1;
	return strcmp(ra->dir.path, rb->dir.path);
}

static void ctx_sort_regions(struct daxctl_ctx *ctx)
{
	int i;

	if (ctx->nr_regions)
		qsort(ctx->regions, ctx->nr_regions, sizeof(*ctx->regions),
				region_cmp);
	for (i = 0; i < ctx->nr_regions; i++)
		ctx->regions[i]->index = i;
}

static void region_read_attrs(struct daxctl_region *region)
{
	struct daxctl_ctx *ctx = region->ctx;
	struct sysfs_dir *d = &region->dax_region;
	uint64_t v;

	region->size = ULLONG_MAX;
	region->align = ULONG_MAX;
	if (sysfs_read_u64(ctx, d, "size", &v) == 0)
		region->size = v;
	/* dax_region/align is 0400: unknown to non-root callers */
	if (sysfs_read_u64(ctx, d, "align", &v) == 0 && v <= ULONG_MAX)
		region->align = v;
	region->is_static = sysfs_exists(ctx, d, "create") != 1;
}

static struct daxctl_region *region_find(struct daxctl_ctx *ctx,
		const char *path)
{
	int i;

	for (i = 0; i < ctx->nr_regions; i++)
		if (!strcmp(ctx->regions[i]->dir.path, path))
			return ctx->regions[i];
	return NULL;
}

static void region_release(struct daxctl_region *region)
{
	sysfs_dir_release(region->ctx, &region->dax_region);
	sysfs_dir_release(region->ctx, &region->dir);
	free(region->devname);
	free(region);
}

/* Find or add the region that holds @path; takes no reference. */
static struct daxctl_region *region_get(struct daxctl_ctx *ctx, int id,
		const char *path)
{
	struct daxctl_region *region = region_find(ctx, path);
	const char *base;

	if (region)
		return region;
	region = calloc(1, sizeof(*region));
	if (!region)
		return NULL;
	region->ctx = ctx;
	region->refcount = 1;	/* owned by ctx->regions */
	region->id = id;
	if (sysfs_dir_init(&region->dir, path) ||
			sysfs_dir_child(&region->dax_region, &region->dir, "dax_region"))
		goto err_free;
	base = strrchr(path, '/');
	region->devname = strdup(base ? base + 1 : path);
	if (!region->devname)
		goto err_free;
	if (array_append(ctx->regions, ctx->nr_regions, region))
		goto err_free;
	region_read_attrs(region);
	ctx_sort_regions(ctx);
	dbg(ctx, "region%d: %s", id, path);
	return region;
err_free:
	region_release(region);
	return NULL;
}

void region_free(struct daxctl_region *region)
{
	int i;

	for (i = 0; i < region->nr_devs; i++)
		dev_free(region->devs[i]);
	free(region->devs);
	region_release(region);
}

struct scan_ctx {
	struct daxctl_ctx *ctx;
	bool class_model;
};

/* One /sys/bus/dax/devices (or /sys/class/dax) entry: its parent is a region. */
static int scan_one_region(struct sysfs_dir *d, const char *name, void *arg)
{
	struct scan_ctx *sc = arg;
	int region_id, dev_id;
	char *path;

	if (dax_name_parse(name, &region_id, &dev_id))
		return 0;
	path = sysfs_resolve(sc->ctx, d, name, sc->class_model ? 2 : 1);
	if (!path) {
		dbg(sc->ctx, "%s/%s: %s", d->path, name, strerror(errno));
		return errno == ENOMEM ? -ENOMEM : 0;
	}
	if (!region_get(sc->ctx, region_id, path)) {
		free(path);
		return -ENOMEM;
	}
	free(path);
	return 0;
}

static int ctx_scan_regions(struct daxctl_ctx *ctx)
{
	struct scan_ctx sc = { .ctx = ctx, .class_model = true };
	int rc;

	if (ctx->regions_scanned)
		return 0;
	ctx->regions_scanned = true;
	rc = sysfs_scan(ctx, ctx_dir(ctx, SYS_CLASS_DAX), "dax",
			scan_one_region, &sc);
	if (rc && rc != -ENOENT)
		return rc;
	sc.class_model = false;
	rc = sysfs_scan(ctx, ctx_dir(ctx, SYS_BUS_DAX_DEVICES), "dax",
			scan_one_region, &sc);
	if (rc == -ENOENT) {
		dbg(ctx, "%s absent: no dax devices",
				ctx_dir(ctx, SYS_BUS_DAX_DEVICES)->path);
		return 0;
	}
	return rc;
}

static int scan_one_dev(struct sysfs_dir *d, const char *name, void *arg)
{
	struct daxctl_region *region = arg;
	int rid, did, i;

	if (dax_name_parse(name, &rid, &did) || rid != region->id)
		return 0;
	for (i = 0; i < region->nr_devs; i++)
		if (!strcmp(region->devs[i]->devname, name))
			return 0;
	return dev_add(region, d, name, false);
}

static int dev_cmp(const void *a, const void *b)
{
	const struct daxctl_dev *da = *(struct daxctl_dev * const *)a;
	const struct daxctl_dev *db = *(struct daxctl_dev * const *)b;

	return da->id < db->id ? -1 : da->id > db->id;
}

/* Add devices not seen before; objects already handed out stay valid. */
static int region_rescan_devs(struct daxctl_region *region)
{
	struct sysfs_dir dax;
	int rc, i;

	rc = sysfs_scan(region->ctx, &region->dir, "dax", scan_one_dev, region);
	if (rc == 0 && region->nr_devs == 0) {
		rc = sysfs_dir_child(&dax, &region->dir, "dax");
		if (rc == 0)
			rc = sysfs_scan(region->ctx, &dax, "dax", scan_one_dev,
					region);
		sysfs_dir_release(region->ctx, &dax);
	}
	if (rc == -ENOENT)
		rc = 0;
	if (region->nr_devs)
		qsort(region->devs, region->nr_devs, sizeof(*region->devs),
				dev_cmp);
	for (i = 0; i < region->nr_devs; i++)
		region->devs[i]->index = i;
	return rc;
}

int region_scan_devs(struct daxctl_region *region)
{
	int rc;

	if (region->devs_scanned)
		return 0;
	region->devs_scanned = true;
	rc = region_rescan_devs(region);
	if (rc)
		err(region->ctx, "region%d: device scan failed: %s",
				region->id, strerror(-rc));
	return rc;
}

DAXCTL_EXPORT struct daxctl_region *daxctl_new_region(struct daxctl_ctx *ctx,
		int id, uuid_t uuid, const char *path)
{
	struct daxctl_region *region;

	if (!ctx || !path)
		return NULL;
	region = region_get(ctx, id, path);
	if (!region)
		return NULL;
	if (uuid)
		memcpy(region->uuid, uuid, sizeof(uuid_t));
	/* the caller gets its own reference, new region or not */
	region->refcount++;
	return region;
}

DAXCTL_EXPORT struct daxctl_region *daxctl_region_get_first(
		struct daxctl_ctx *ctx)
{
	int rc;

	if (!ctx)
		return NULL;
	rc = ctx_scan_regions(ctx);
	if (rc)
		err(ctx, "dax region scan failed: %s", strerror(-rc));
	return ctx->nr_regions ? ctx->regions[0] : NULL;
}

DAXCTL_EXPORT struct daxctl_region *daxctl_region_get_next(
		struct daxctl_region *region)
{
	struct daxctl_ctx *ctx;

	if (!region)
		return NULL;
	ctx = region->ctx;
	if (region->index + 1 >= ctx->nr_regions)
		return NULL;
	return ctx->regions[region->index + 1];
}

DAXCTL_EXPORT void daxctl_region_ref(struct daxctl_region *region)
{
	if (region)
		region->refcount++;
}

/* The ctx keeps its own reference, so a region lives until daxctl_unref(). */
DAXCTL_EXPORT void daxctl_region_unref(struct daxctl_region *region)
{
	if (region && region->refcount > 1)
		region->refcount--;
}

DAXCTL_EXPORT void daxctl_region_get_uuid(struct daxctl_region *region,
		uuid_t uu)
{
	if (region && uu)
		memcpy(uu, region->uuid, sizeof(uuid_t));
}

/*
 * A pmem region's directory is the nd dax device (".../regionX/daxX.Y"):
 * its "uuid" is the dax info block's, which "ndctl list" prints as the
 * devdax namespace's "uuid" (the label's own is its "raw_uuid"), and its
 * "namespace" names the namespace it claims, which only an nd dax device
 * has. The same uuid is what libndctl gives daxctl_new_region().
 */
static bool nd_dax_name_ok(const char *name)
{
	const char *p = name + strlen("dax");

	if (strncmp(name, "dax", strlen("dax")) || !isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p++ != '.' || !isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '\0';
}

DAXCTL_EXPORT int daxctl_region_get_nd_uuid(struct daxctl_region *region,
		uuid_t uu)
{
	const char *slash;
	char text[64];
	int rc;

	if (!region || !uu)
		return -EINVAL;
	slash = strrchr(region->dir.path, '/');
	if (!slash || !nd_dax_name_ok(slash + 1) ||
	    sysfs_exists(region->ctx, &region->dir, "namespace") != 1)
		return -ENOENT;
	rc = sysfs_read_str(region->ctx, &region->dir, "uuid", text, sizeof(text));
	if (rc)
		return rc;
	if (uuid_parse(text, uu)) {
		dbg(region->ctx, "%s/uuid: '%s' is not a uuid", region->dir.path, text);
		return -EINVAL;
	}
	return 0;
}

DAXCTL_EXPORT int daxctl_region_get_id(struct daxctl_region *region)
{
	return region ? region->id : -EINVAL;
}

DAXCTL_EXPORT struct daxctl_ctx *daxctl_region_get_ctx(
		struct daxctl_region *region)
{
	return region ? region->ctx : NULL;
}

DAXCTL_EXPORT unsigned long long daxctl_region_get_available_size(
		struct daxctl_region *region)
{
	uint64_t v;

	if (!region || sysfs_read_u64(region->ctx, &region->dax_region,
				"available_size", &v))
		return 0;
	return v;
}

DAXCTL_EXPORT unsigned long long daxctl_region_get_size(
		struct daxctl_region *region)
{
	return region ? region->size : ULLONG_MAX;
}

DAXCTL_EXPORT unsigned long daxctl_region_get_align(
		struct daxctl_region *region)
{
	return region ? region->align : ULONG_MAX;
}

DAXCTL_EXPORT const char *daxctl_region_get_devname(
		struct daxctl_region *region)
{
	return region ? region->devname : NULL;
}

DAXCTL_EXPORT const char *daxctl_region_get_path(struct daxctl_region *region)
{
	return region ? region->dir.path : NULL;
}

static int region_write(struct daxctl_region *region, const char *attr,
		const char *val)
{
	int rc;

	rc = sysfs_write_str(region->ctx, &region->dax_region, attr, val);
	if (rc)
		err(region->ctx, "region%d: write \"%s\" to %s: %s", region->id,
				val, attr, strerror(-rc));
	return rc;
}

DAXCTL_EXPORT int daxctl_region_create_dev(struct daxctl_region *region)
{
	int rc;

	if (!region)
		return -EINVAL;
	rc = region_write(region, "create", "1");
	if (rc)
		return rc;
	return region_rescan_devs(region);
}

DAXCTL_EXPORT struct daxctl_dev *daxctl_region_get_dev_seed(
		struct daxctl_region *region)
{
	char seed[64];
	int i;

	if (!region || sysfs_read_str(region->ctx, &region->dax_region, "seed",
				seed, sizeof(seed)) || !*seed)
		return NULL;
	region_scan_devs(region);
	if (region_rescan_devs(region))
		return NULL;
	for (i = 0; i < region->nr_devs; i++)
		if (!strcmp(region->devs[i]->devname, seed))
			return region->devs[i];
	return NULL;
}

DAXCTL_EXPORT int daxctl_region_destroy_dev(struct daxctl_region *region,
		struct daxctl_dev *dev)
{
	if (!region || !dev || dev->region != region)
		return -EINVAL;
	return region_write(region, "delete", dev->devname);
}
