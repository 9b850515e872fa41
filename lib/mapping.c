// SPDX-License-Identifier: LGPL-2.1-or-later
/* The physical ranges of a dax device: mappingN/{start,end,page_offset}. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

struct daxctl_mapping {
	struct daxctl_dev *dev;
	struct sysfs_dir dir;	/* mappingN/ */
	unsigned long long start, end, pgoff;
	int index;
};

static void mapping_free(struct daxctl_ctx *ctx, struct daxctl_mapping *m)
{
	sysfs_dir_release(ctx, &m->dir);
	free(m);
}

static int mapping_read_range(struct daxctl_ctx *ctx, struct daxctl_mapping *m)
{
	uint64_t start, end, pgoff;
	int rc;

	rc = sysfs_read_hex(ctx, &m->dir, "start", &start);
	if (!rc)
		rc = sysfs_read_hex(ctx, &m->dir, "end", &end);
	if (!rc)
		rc = sysfs_read_hex(ctx, &m->dir, "page_offset", &pgoff);
	if (rc)
		return rc;
	if (end < start || end == UINT64_MAX) {
		err(ctx, "%s/%s: unexpected range %#llx-%#llx", m->dir.path,
				"end", (unsigned long long)start,
				(unsigned long long)end);
		return -EINVAL;
	}
	m->start = start;
	m->end = end;
	m->pgoff = pgoff;
	return 0;
}

/* mappingN/ holds start, end and page_offset; -ENOENT past the last one. */
static int mapping_read(struct daxctl_dev *dev, int n)
{
	struct daxctl_ctx *ctx = dev->region->ctx;
	struct daxctl_mapping *m;
	char name[32];
	int rc;

	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	*m = (struct daxctl_mapping){ .dev = dev, .index = n };
	snprintf(name, sizeof(name), "mapping%d", n);
	rc = sysfs_dir_child(&m->dir, &dev->dir, name);
	m->dir.by_path = true;	/* read once: no fd held for it */
	if (!rc)
		rc = mapping_read_range(ctx, m);
	if (!rc)
		rc = array_append(dev->mappings, dev->nr_mappings, m);
	if (rc)
		mapping_free(ctx, m);
	return rc;
}

/*
 * The kernel carves every range out of its region's resource and sizes the
 * device as their sum: the ranges add up to at most the device's size and
 * all lie within one region-sized window.
 */
struct mapping_span {
	uint64_t total, lo, hi;
};

static int mapping_check(struct daxctl_dev *dev, struct daxctl_mapping *m,
		struct mapping_span *span)
{
	uint64_t region_size = dev->region->size;

	span->total += m->end - m->start + 1;
	span->lo = m->start < span->lo ? m->start : span->lo;
	span->hi = m->end > span->hi ? m->end : span->hi;
	if (span->total - 1 >= dev->size) {
		err(dev->region->ctx, "%s/mapping%d/end: unexpected value \"%#llx\" (ranges exceed the size %llu)",
				dev->dir.path, m->index, m->end, dev->size);
		return -EINVAL;
	}
	if (region_size != ULLONG_MAX && span->hi - span->lo >= region_size) {
		err(dev->region->ctx, "%s/mapping%d: %#llx-%#llx outside a region of %llu bytes",
				dev->dir.path, m->index, m->start, m->end,
				(unsigned long long)region_size);
		return -EINVAL;
	}
	return 0;
}

/* mappingN are numbered from 0 without gaps (Linux 5.10+). */
int dev_scan_mappings(struct daxctl_dev *dev)
{
	struct mapping_span span = { .lo = UINT64_MAX };
	int rc, n;

	if (dev->mappings_scanned)
		return dev->mappings_rc;
	dev->mappings_scanned = true;
	dev->mappings_rc = 0;
	for (n = 0; n < INT_MAX; n++) {
		rc = mapping_read(dev, n);
		if (rc == 0)
			rc = mapping_check(dev, dev->mappings[n], &span);
		if (rc)
			break;
	}
	if (rc == -ENOENT)
		return 0;
	dbg(dev->region->ctx, "%s: mapping%d: %s", dev->devname, n,
			strerror(-rc));
	dev_free_mappings(dev);
	dev->mappings_scanned = true;
	dev->mappings_rc = rc;
	return rc;
}

void dev_free_mappings(struct daxctl_dev *dev)
{
	int i;

	for (i = 0; i < dev->nr_mappings; i++)
		mapping_free(dev->region->ctx, dev->mappings[i]);
	free(dev->mappings);
	dev->mappings = NULL;
	dev->nr_mappings = 0;
	dev->mappings_scanned = false;
}

DAXCTL_EXPORT struct daxctl_mapping *daxctl_mapping_get_first(
		struct daxctl_dev *dev)
{
	if (!dev)
		return NULL;
	dev_scan_mappings(dev);
	return dev->nr_mappings ? dev->mappings[0] : NULL;
}

DAXCTL_EXPORT struct daxctl_mapping *daxctl_mapping_get_next(
		struct daxctl_mapping *mapping)
{
	struct daxctl_dev *dev;

	if (!mapping)
		return NULL;
	dev = mapping->dev;
	if (mapping->index + 1 >= dev->nr_mappings)
		return NULL;
	return dev->mappings[mapping->index + 1];
}

DAXCTL_EXPORT unsigned long long daxctl_mapping_get_start(
		struct daxctl_mapping *mapping)
{
	return mapping ? mapping->start : 0;
}

DAXCTL_EXPORT unsigned long long daxctl_mapping_get_end(
		struct daxctl_mapping *mapping)
{
	return mapping ? mapping->end : 0;
}

DAXCTL_EXPORT unsigned long long daxctl_mapping_get_offset(
		struct daxctl_mapping *mapping)
{
	return mapping ? mapping->pgoff : 0;
}

DAXCTL_EXPORT unsigned long long daxctl_mapping_get_size(
		struct daxctl_mapping *mapping)
{
	return mapping ? mapping->end - mapping->start + 1 : 0;
}
