// SPDX-License-Identifier: LGPL-2.1-or-later
/* The physical ranges of a dax device: mappingN/{start,end,page_offset}. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static int mapping_read(struct daxctl_dev *dev, int n)
{
	struct daxctl_ctx *ctx = dev->region->ctx;
	struct daxctl_mapping *m;
	char dir[PATH_MAX], name[32];
	uint64_t start, end, pgoff;
	int rc;

	snprintf(name, sizeof(name), "mapping%d", n);
	rc = path_join(dir, sizeof(dir), dev->path, name);
	if (rc)
		return rc;
	rc = sysfs_exists(dir, "start");
	if (rc <= 0)
		return rc == 0 ? -ENOENT : rc;
	rc = sysfs_read_hex(ctx, dir, "start", &start);
	if (!rc)
		rc = sysfs_read_hex(ctx, dir, "end", &end);
	if (!rc)
		rc = sysfs_read_hex(ctx, dir, "page_offset", &pgoff);
	if (rc)
		return rc;
	if (end < start) {
		err(ctx, "%s/%s: end %#llx before start %#llx", dev->devname,
				name, (unsigned long long)end,
				(unsigned long long)start);
		return -EINVAL;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	*m = (struct daxctl_mapping){ .dev = dev, .start = start, .end = end,
		.pgoff = pgoff, .index = dev->nr_mappings };
	rc = ptr_array_add((void ***)&dev->mappings, &dev->nr_mappings, m);
	if (rc)
		free(m);
	return rc;
}

/* mappingN are numbered from 0 without gaps (Linux 5.10+). */
int dev_scan_mappings(struct daxctl_dev *dev)
{
	int rc, n;

	if (dev->mappings_scanned)
		return 0;
	dev->mappings_scanned = true;
	for (n = 0; n < INT_MAX; n++) {
		rc = mapping_read(dev, n);
		if (rc == -ENOENT)
			return 0;
		if (rc) {
			dbg(dev->region->ctx, "%s: mapping%d: %s", dev->devname,
					n, strerror(-rc));
			dev_free_mappings(dev);
			dev->mappings_scanned = true;
			return rc;
		}
	}
	return 0;
}

void dev_free_mappings(struct daxctl_dev *dev)
{
	int i;

	for (i = 0; i < dev->nr_mappings; i++)
		free(dev->mappings[i]);
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
