// SPDX-License-Identifier: GPL-2.0-only
/*
 * Everything `daxctl list` asks the library, then an offline/online plan,
 * on whatever the fixture tree holds right now: every public getter of
 * the ctx, regions, devices, mappings and memory blocks, the CLI's own
 * JSON builder (json.c) and its pre-change snapshot (hotplug.c), with the
 * invariants that hold whatever sysfs says.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libdaxctl.h>

#include "hotplug.h"
#include "json.h"
#include "harness.h"

static void check_count(int n, int max)
{
	FUZZ_CHECK(n < 0 || n <= max);
}

/* Bytes the device's ranges span (inclusive ends), or its size without any. */
static unsigned __int128 dev_span(struct daxctl_dev *dev)
{
	unsigned __int128 span = 0;
	struct daxctl_mapping *m;
	int n = 0;

	daxctl_mapping_foreach(dev, m) {
		unsigned long long start = daxctl_mapping_get_start(m);
		unsigned long long end = daxctl_mapping_get_end(m);

		FUZZ_CHECK(daxctl_mapping_get_size(m) == 0 || end >= start);
		daxctl_mapping_get_offset(m);
		if (end >= start)
			span += (unsigned __int128)(end - start) + 1;
		n++;
	}
	if (!n)
		span = daxctl_dev_get_size(dev);
	return span;
}

static void sweep_zones(struct daxctl_memory *mem, int nr, int online)
{
	int z, c, sum = 0;
	bool all = true;

	for (z = 0; z < DAXCTL_ZONE_COUNT; z++) {
		daxctl_zone_name(z);
		c = daxctl_memory_zone_count(mem, z);
		check_count(c, nr);
		if (c < 0)
			all = false;
		else
			sum += c;
	}
	/* every online block is in exactly one zone (or none: spans two) */
	if (all && online >= 0)
		FUZZ_CHECK(sum == online);
}

static void sweep_memory(struct daxctl_memory *mem, struct daxctl_dev *dev)
{
	unsigned long bs = daxctl_memory_get_block_size(mem);
	int nr = daxctl_memory_num_sections(mem);
	int online, rc;

	FUZZ_CHECK(daxctl_memory_get_dev(mem) == dev);
	FUZZ_CHECK(daxctl_memory_get_node_path(mem) != NULL);
	FUZZ_CHECK(bs && !(bs & (bs - 1)));
	FUZZ_CHECK(nr >= 0);
	/* whole blocks inside the ranges: the count is bounded by the span */
	FUZZ_CHECK((unsigned __int128)nr * bs <= dev_span(dev));
	FUZZ_CHECK(daxctl_dev_get_usable_ram_size(dev) <= dev_span(dev));
	online = daxctl_memory_is_online(mem);
	check_count(online, nr);
	sweep_zones(mem, nr, online);
	rc = daxctl_memory_is_movable(mem);
	FUZZ_CHECK(rc <= 1);
	rc = daxctl_memory_get_memmap_placement(mem);
	FUZZ_CHECK(rc <= DAXCTL_MEMMAP_SYSTEM);
	daxctl_memory_get_memmap_size(mem);
	FUZZ_CHECK(daxctl_memory_get_failed_block(mem) >= -1);
}

/* offline, then online into ZONE_MOVABLE or ZONE_NORMAL, as reconfigure-device does. */
static void plan(struct daxctl_memory *mem, bool movable)
{
	int nr = daxctl_memory_num_sections(mem);
	int rc, n;

	rc = daxctl_memory_offline(mem);
	check_count(rc, nr);
	check_count(daxctl_memory_get_already_count(mem), nr);
	FUZZ_CHECK(daxctl_memory_get_failed_block(mem) >= -1);
	if (rc >= 0) {
		n = daxctl_memory_is_online(mem);
		FUZZ_CHECK(n <= 0);
	}
	rc = movable ? daxctl_memory_online(mem) :
		daxctl_memory_online_no_movable(mem);
	check_count(rc, nr);
	check_count(daxctl_memory_get_already_count(mem), nr);
	FUZZ_CHECK(daxctl_memory_get_failed_block(mem) >= -1);
	if (rc < 0)
		return;
	n = daxctl_memory_is_online(mem);
	FUZZ_CHECK(n < 0 || n == nr);
	n = daxctl_memory_zone_count(mem, movable ? DAXCTL_ZONE_MOVABLE :
			DAXCTL_ZONE_NORMAL);
	FUZZ_CHECK(n < 0 || n == nr);
}

static void sweep_dev(struct daxctl_dev *dev, unsigned int flags)
{
	struct daxctl_memory *mem;
	struct dev_snapshot snap;
	int rc;

	FUZZ_CHECK(daxctl_dev_get_devname(dev) != NULL);
	daxctl_dev_get_id(dev);
	daxctl_dev_get_major(dev);
	daxctl_dev_get_minor(dev);
	daxctl_dev_get_resource(dev);
	daxctl_dev_get_size(dev);
	daxctl_dev_get_align(dev);
	FUZZ_CHECK(daxctl_dev_get_ctx(dev) != NULL);
	FUZZ_CHECK(daxctl_dev_get_target_node(dev) >= -1);
	rc = daxctl_dev_is_enabled(dev);
	FUZZ_CHECK(rc <= 1);
	rc = daxctl_dev_is_system_ram(dev);
	FUZZ_CHECK(rc <= 1);
	daxctl_dev_is_system_ram_capable(dev);
	FUZZ_CHECK(daxctl_dev_will_auto_online_memory(dev) <= 1);
	rc = daxctl_dev_get_memmap_on_memory(dev);
	FUZZ_CHECK(rc <= 1);
	rc = daxctl_dev_has_online_memory(dev);
	dev_snapshot(dev, &snap);
	mem = daxctl_dev_get_memory(dev);
	if (mem) {
		check_count(rc, daxctl_memory_num_sections(mem));
		sweep_memory(mem, dev);
	}
	if (mem && (flags & SWEEP_PLAN))
		plan(mem, flags & SWEEP_MOVABLE);
	if (flags & SWEEP_MEMMAP_WRITE)
		daxctl_dev_set_memmap_on_memory(dev, flags & SWEEP_MOVABLE);
	if (flags & SWEEP_REFRESH)
		daxctl_dev_refresh(dev);
}

static void sweep_region(struct daxctl_region *region, unsigned int flags)
{
	struct daxctl_dev *dev, *seed;
	uuid_t uu;
	int last = -1;

	FUZZ_CHECK(daxctl_region_get_ctx(region) != NULL);
	daxctl_region_get_uuid(region, uu);
	daxctl_region_get_id(region);
	daxctl_region_get_size(region);
	daxctl_region_get_align(region);
	daxctl_region_get_available_size(region);
	daxctl_region_get_devname(region);
	daxctl_region_get_path(region);
	seed = daxctl_region_get_dev_seed(region);
	FUZZ_CHECK(!seed || daxctl_dev_get_region(seed) == region);
	daxctl_dev_foreach(region, dev) {
		/* sorted by id, each once */
		FUZZ_CHECK(daxctl_dev_get_id(dev) > last ||
				daxctl_dev_get_id(dev) < 0);
		last = daxctl_dev_get_id(dev);
		FUZZ_CHECK(daxctl_dev_get_region(dev) == region);
		sweep_dev(dev, flags);
	}
}

/* `daxctl list -RDMi` (and -u): the JSON of every region and device. */
static void list_json(struct daxctl_ctx *ctx, unsigned int flags)
{
	struct dax_json j = { .flags = DAX_JSON_DEVS | DAX_JSON_MAPPINGS |
		DAX_JSON_IDLE | (flags & SWEEP_HUMAN ? DAX_JSON_HUMAN : 0) };
	struct json_object *out = dax_json_array();
	struct daxctl_region *region;

	if (!out)
		return;
	daxctl_region_foreach(ctx, region) {
		struct json_object *jdevs = dax_json_array();
		struct daxctl_dev *dev;

		if (!jdevs)
			break;
		daxctl_dev_foreach(region, dev)
			dax_json_append(jdevs, dax_json_dev(&j, dev));
		dax_json_append(out, dax_json_region(&j, region, jdevs));
	}
	fflush(stdout);
	dax_json_print(&j, out);
	fflush(stdout);
}

void fuzz_sweep(struct daxctl_ctx *ctx, unsigned int flags)
{
	struct daxctl_region *region;
	unsigned long long bs;

	bs = daxctl_get_memory_block_size(ctx);
	FUZZ_CHECK(!bs || !(bs & (bs - 1)));
	daxctl_get_auto_online_policy(ctx);
	daxctl_get_online_policy(ctx);
	FUZZ_CHECK(daxctl_get_memmap_on_memory_param(ctx) <=
			DAXCTL_MEMMAP_PARAM_FORCE);
	list_json(ctx, flags);
	daxctl_region_foreach(ctx, region)
		sweep_region(region, flags);
	if (flags & SWEEP_PLAN)
		list_json(ctx, flags);	/* the report after a change */
}
