// SPDX-License-Identifier: GPL-2.0-only
/*
 * Everything `daxctl list` asks the library, then the plan the engine
 * builds for one request, on whatever the fixture tree holds right now:
 * every public getter of the ctx, regions, devices, mappings, blocks and
 * memory, the CLI's JSON (json.c) and --dry-run plan (plan.c, dryrun.c),
 * with the invariants that hold whatever sysfs says. Only then, with
 * SWEEP_MUTATE, the library's own offline/online and attribute writes.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libdaxctl.h>

#include "dryrun.h"
#include "json.h"
#include "plan.h"
#include "harness.h"

/* Blocks read one by one (the rest is left to the plan); bounds the cost. */
#define MAX_BLOCK_READS 4096

static void check_count(long long n, long long max)
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

		FUZZ_CHECK(end >= start);
		FUZZ_CHECK(daxctl_mapping_get_size(m) == end - start + 1);
		daxctl_mapping_get_offset(m);
		span += (unsigned __int128)(end - start) + 1;
		n++;
	}
	if (!n)
		span = daxctl_dev_get_size(dev);
	return span;
}

/* The per-block calls: ids ascending, starts on block boundaries, zones of online blocks only. */
static void sweep_blocks(struct daxctl_dev *dev)
{
	unsigned long long bs = daxctl_get_memory_block_size(daxctl_dev_get_ctx(dev));
	int i, nr = daxctl_dev_get_nr_blocks(dev), rc;
	long long id, last = -1;
	enum daxctl_zone zone;

	if (nr < 0)
		return;
	FUZZ_CHECK(bs > 0);
	FUZZ_CHECK((unsigned __int128)nr * bs <= dev_span(dev));
	FUZZ_CHECK(daxctl_dev_get_block_id(dev, nr) < 0);
	FUZZ_CHECK(daxctl_dev_get_block_id(dev, -1) < 0);
	for (i = 0; i < nr && i < MAX_BLOCK_READS; i++) {
		id = daxctl_dev_get_block_id(dev, i);
		FUZZ_CHECK(id > last);
		last = id;
		FUZZ_CHECK(daxctl_dev_get_block_start(dev, i) ==
				(unsigned long long)id * bs);
		zone = DAXCTL_ZONE_COUNT;
		rc = daxctl_dev_read_block(dev, i, &zone);
		FUZZ_CHECK(rc <= DAXCTL_BLOCK_GOING_OFFLINE);
		if (rc >= 0)
			FUZZ_CHECK(zone < DAXCTL_ZONE_COUNT &&
				(rc == DAXCTL_BLOCK_ONLINE || zone == DAXCTL_ZONE_NONE));
	}
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

static void sweep_modes(struct daxctl_dev *dev)
{
	int rc;

	rc = daxctl_dev_is_enabled(dev);
	FUZZ_CHECK(rc <= 1);
	rc = daxctl_dev_is_system_ram(dev);
	FUZZ_CHECK(rc <= 1);
	daxctl_dev_is_system_ram_capable(dev);
	rc = daxctl_dev_get_mode(dev);
	FUZZ_CHECK(rc >= DAXCTL_DEV_MODE_UNKNOWN && rc <= DAXCTL_DEV_MODE_FAMFS);
	FUZZ_CHECK(daxctl_dev_is_system_ram_mode(dev) ==
			(rc == DAXCTL_DEV_MODE_RAM));
	FUZZ_CHECK(daxctl_dev_is_devdax_mode(dev) ==
			(rc == DAXCTL_DEV_MODE_DEVDAX));
	FUZZ_CHECK(daxctl_dev_is_famfs_mode(dev) ==
			(rc == DAXCTL_DEV_MODE_FAMFS));
	rc = daxctl_dev_get_kmem_state(dev);
	FUZZ_CHECK(rc <= DAXCTL_KMEM_STATE_UNPLUGGED);
	if (rc >= 0)
		daxctl_kmem_state_name(rc);
	FUZZ_CHECK(daxctl_dev_will_auto_online_memory(dev) <= 1);
	rc = daxctl_dev_get_memmap_on_memory(dev);
	FUZZ_CHECK(rc <= 1);
}

static void sweep_dev(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem;
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
	sweep_modes(dev);
	daxctl_dev_count_iomem_ram(dev);
	sweep_blocks(dev);
	rc = daxctl_dev_has_online_memory(dev);
	mem = daxctl_dev_get_memory(dev);
	if (!mem)
		return;
	check_count(rc, daxctl_memory_num_sections(mem));
	sweep_memory(mem, dev);
}

/* ---- the engine's plan ---- */

static const char *const kind_cmd[] = {
	"reconfigure-device", "reconfigure-device", "reconfigure-device",
	"online-memory", "offline-memory", "enable-device", "disable-device",
	"destroy-device",
};

static void plan_request(unsigned int flags, struct daxctl_dev *dev,
		struct plan_req *r)
{
	static const enum plan_kind kinds[] = {
		PLAN_RECONFIGURE, PLAN_RECONFIGURE, PLAN_GEOMETRY, PLAN_ONLINE,
		PLAN_OFFLINE, PLAN_ENABLE, PLAN_DISABLE, PLAN_DESTROY,
	};
	unsigned int k = (flags >> SWEEP_PLAN_SHIFT) & 7;

	memset(r, 0, sizeof(*r));
	r->kind = kinds[k];
	r->mode = k == 1 ? DAX_MODE_DEVDAX : k == 0 ? DAX_MODE_RAM : DAX_MODE_KEEP;
	r->memmap = flags & SWEEP_FORCE ? -1 : !!(flags & SWEEP_MOVABLE);
	r->online = !(flags & SWEEP_NO_ONLINE);
	r->movable = flags & SWEEP_MOVABLE;
	r->force = flags & SWEEP_FORCE;
	if (r->kind == PLAN_GEOMETRY) {
		r->set_size = !(flags & SWEEP_MOVABLE);
		r->size = daxctl_dev_get_size(dev) / 2;
		r->set_align = !r->set_size || (flags & SWEEP_FORCE);
		r->align = flags & SWEEP_NO_ONLINE ? 1UL << 30 : 2UL << 20;
	}
}

static void check_plan(const struct plan *p)
{
	const struct dev_state *s = &p->start;
	int i, sum = 0, zsum = 0;

	FUZZ_CHECK(p->rc <= 1);
	FUZZ_CHECK(p->rc >= 0 || p->op[0]);
	FUZZ_CHECK(p->nr_steps >= 0 && p->nr_steps <= p->alloc);
	if (s->blocks_read) {
		for (i = 0; i < 4; i++)
			sum += s->count[i];
		for (i = 0; i < DAXCTL_ZONE_COUNT; i++)
			zsum += s->zones[i];
		FUZZ_CHECK(sum == s->nr_blocks);
		FUZZ_CHECK(zsum == s->count[DAXCTL_BLOCK_ONLINE]);
	}
	/* about two steps per block at most, plus a fixed tail */
	FUZZ_CHECK(p->nr_steps <= 2 * (s->nr_blocks > 0 ? s->nr_blocks : 0) + 64);
	for (i = 0; i < p->nr_steps; i++) {
		const struct step *st = &p->steps[i];

		FUZZ_CHECK(st->op < STEP_NR);
		if (st->op == STEP_OFFLINE || st->op == STEP_ONLINE)
			FUZZ_CHECK(s->blocks_read && st->block >= 0 &&
					st->block < s->nr_blocks);
	}
}

static void plan_dev(struct daxctl_dev *dev, unsigned int flags)
{
	struct json_object *j;
	struct plan_req req;
	struct plan p;
	char buf[64];
	int i, rc;

	plan_request(flags, dev, &req);
	memset(&p, 0, sizeof(p));
	rc = plan_build(dev, &req, &p);
	FUZZ_CHECK(rc <= 0);
	if (!rc) {
		check_plan(&p);
		for (i = 0; i < p.nr_steps; i++)
			step_name(&p.steps[i], buf, sizeof(buf));
		j = plan_json(&p, kind_cmd[(flags >> SWEEP_PLAN_SHIFT) & 7]);
		if (j)
			json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY);
		json_object_put(j);
	}
	plan_release(&p);
}

/* ---- writes ---- */

/* offline, then online, through the library calls reconfigure-device used to make */
static void mutate_memory(struct daxctl_memory *mem, bool movable)
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
}

static void mutate_dev(struct daxctl_dev *dev, unsigned int flags)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	bool movable = flags & SWEEP_MOVABLE;
	int rc;

	if (mem)
		mutate_memory(mem, movable);
	rc = daxctl_dev_set_block(dev, 0, movable ?
			DAXCTL_BLOCK_SET_ONLINE_MOVABLE : DAXCTL_BLOCK_SET_OFFLINE);
	FUZZ_CHECK(rc <= 1);
	daxctl_dev_set_memmap_on_memory(dev, movable);
	if (flags & SWEEP_FORCE)
		daxctl_dev_set_kmem_state(dev, movable ?
				DAXCTL_KMEM_STATE_ONLINE_MOVABLE :
				DAXCTL_KMEM_STATE_UNPLUGGED);
	daxctl_dev_refresh(dev);
}

/* ---- the whole sweep ---- */

static void sweep_region(struct daxctl_region *region)
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
		FUZZ_CHECK(daxctl_dev_get_id(dev) > last);
		last = daxctl_dev_get_id(dev);
		FUZZ_CHECK(daxctl_dev_get_region(dev) == region);
		sweep_dev(dev);
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
	struct daxctl_dev *dev;
	unsigned long long bs;

	bs = daxctl_get_memory_block_size(ctx);
	FUZZ_CHECK(!bs || !(bs & (bs - 1)));
	daxctl_get_auto_online_policy(ctx);
	daxctl_get_online_policy(ctx);
	FUZZ_CHECK(daxctl_get_memmap_on_memory_param(ctx) <=
			DAXCTL_MEMMAP_PARAM_FORCE);
	list_json(ctx, flags);
	daxctl_region_foreach(ctx, region)
		sweep_region(region);
	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev)
			plan_dev(dev, flags);
	/* listing and planning never write */
	FUZZ_CHECK(tree_writes() == 0);
	if (!(flags & SWEEP_MUTATE))
		return;
	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev)
			mutate_dev(dev, flags);
	list_json(ctx, flags);	/* the report after a change */
}
