// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Memory blocks of a system-ram (kmem) device. A device's blocks are
 * computed from its mapping ranges and block_size_bytes: kmem hot-adds only
 * whole blocks of each range, so block N belongs to the device when
 * [N * bs, (N + 1) * bs) lies inside one of its ranges. Only those memoryN
 * directories are read, each file at most once per operation.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

/* 16 MiB: powerpc's SECTION_SIZE_BITS 24, the smallest section; 16 GiB: 8x x86-64's MAX_BLOCK_SIZE */
#define BLOCK_SIZE_MIN (16ULL << 20)
#define BLOCK_SIZE_MAX (16ULL << 30)

struct daxctl_memory {
	struct daxctl_dev *dev;
	unsigned long block_size;
	struct sysfs_dir node;	/* its target node's directory (never opened) */
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

enum block_state {
	BLOCK_MISSING = 0,
	BLOCK_OFFLINE,
	BLOCK_ONLINE,
	BLOCK_GOING_OFFLINE,
};

static const char * const state_names[] = {
	[BLOCK_OFFLINE] = "offline",
	[BLOCK_ONLINE] = "online",
	[BLOCK_GOING_OFFLINE] = "going-offline",
};

/* Zone names as valid_zones prints them, and the state that onlines into each. */
static const struct {
	const char *name;
	const char *online_cmd;
} zones[DAXCTL_ZONE_COUNT] = {
	[DAXCTL_ZONE_NONE] = { NULL, "online" },
	[DAXCTL_ZONE_DMA] = { "DMA", "online_kernel" },
	[DAXCTL_ZONE_DMA32] = { "DMA32", "online_kernel" },
	[DAXCTL_ZONE_NORMAL] = { "Normal", "online_kernel" },
	[DAXCTL_ZONE_MOVABLE] = { "Movable", "online_movable" },
};

DAXCTL_EXPORT const char *daxctl_zone_name(enum daxctl_zone zone)
{
	if ((unsigned int)zone >= DAXCTL_ZONE_COUNT)
		return NULL;
	return zones[zone].name;
}

int ctx_block_size(struct daxctl_ctx *ctx, uint64_t *bs)
{
	uint64_t v;
	int rc;

	if (ctx->block_size) {
		*bs = ctx->block_size;
		return 0;
	}
	if (ctx->block_size_rc)
		return ctx->block_size_rc;
	/* hex without 0x, e.g. "8000000" for 128 MiB */
	rc = sysfs_read_hex(ctx, ctx_dir(ctx, SYS_MEMORY), "block_size_bytes",
			&v);
	if (rc == 0 && (v < BLOCK_SIZE_MIN || v > BLOCK_SIZE_MAX || (v & (v - 1)))) {
		err(ctx, "%s/block_size_bytes: unexpected value \"%llx\" (not a power of two from 16 MiB to 16 GiB)",
				ctx_dir(ctx, SYS_MEMORY)->path,
				(unsigned long long)v);
		rc = -EINVAL;
	}
	if (rc)
		return ctx->block_size_rc = rc;
	ctx->block_size = *bs = v;
	return 0;
}

DAXCTL_EXPORT unsigned long long daxctl_get_memory_block_size(
		struct daxctl_ctx *ctx)
{
	uint64_t bs;

	if (!ctx || ctx_block_size(ctx, &bs))
		return 0;
	return bs;
}

/* Page totals of @node from one /proc/zoneinfo read per context, until a hotplug write. */
static int ctx_node_pages(struct daxctl_ctx *ctx, int node, uint64_t *present,
		uint64_t *managed)
{
	int rc;

	if (!ctx->node_pages_valid) {
		ctx_forget_node_pages(ctx);
		rc = procfs_read_node_pages(ctx, &ctx->node_pages,
				&ctx->nr_node_pages);
		if (rc)
			return rc;
		ctx->node_pages_valid = true;
	}
	if (node < 0 || node >= ctx->nr_node_pages) {
		*present = *managed = 0;	/* a node without memory has no zones */
		return 0;
	}
	*present = ctx->node_pages[node].present;
	*managed = ctx->node_pages[node].managed;
	return 0;
}

void ctx_forget_node_pages(struct daxctl_ctx *ctx)
{
	free(ctx->node_pages);
	ctx->node_pages = NULL;
	ctx->nr_node_pages = 0;
	ctx->node_pages_valid = false;
}

static int add_range(struct daxctl_memory *mem, uint64_t start, uint64_t end,
		uint64_t bs)
{
	struct daxctl_dev *dev = mem->dev;
	uint64_t first = start / bs + (start % bs != 0);
	uint64_t last = end / bs + ((end + 1) % bs == 0);	/* exclusive */
	uint64_t *b;
	uint64_t n;

	if (end < start || end == UINT64_MAX)
		return -EINVAL;
	if (last <= first)
		return 0;
	/* whole blocks inside the ranges: never more than the device's size */
	if (last - first > dev->size / bs - mem->nr_blocks) {
		err(dev->region->ctx, "%s: %llu memory blocks in a device of %llu bytes",
				dev->devname, (unsigned long long)(last - first +
					mem->nr_blocks), dev->size);
		return -EINVAL;
	}
	if (last - first > (uint64_t)(INT_MAX - mem->nr_blocks))
		return -ERANGE;
	b = realloc(mem->blocks, sizeof(*b) * (mem->nr_blocks + (last - first)));
	if (!b)
		return -ENOMEM;
	mem->blocks = b;
	for (n = first; n < last; n++)
		mem->blocks[mem->nr_blocks++] = n;
	return 0;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int memory_compute_blocks(struct daxctl_memory *mem)
{
	struct daxctl_dev *dev = mem->dev;
	struct daxctl_mapping *m;
	int rc = 0, i;

	if (mem->blocks_valid)
		return 0;
	memory_invalidate(mem);
	/* garbage ranges must not fall back to resource + size; unreadable may */
	rc = dev_scan_mappings(dev);
	if (rc && rc != -EACCES)
		return rc;
	daxctl_mapping_foreach(dev, m) {
		rc = add_range(mem, daxctl_mapping_get_start(m),
				daxctl_mapping_get_end(m), mem->block_size);
		if (rc)
			return rc;
	}
	if (!dev->nr_mappings) {
		/* before Linux 5.10, or mappingN unreadable: one range */
		if (!dev->resource) {
			dbg(dev->region->ctx, "%s: physical address unknown (reading it needs root)",
					dev->devname);
			return -EACCES;
		}
		if (dev->resource + dev->size < dev->resource) {
			err(dev->region->ctx, "%s: resource %#llx + size %llu overflows",
					dev->devname, dev->resource, dev->size);
			return -EINVAL;
		}
		if (dev->size)
			rc = add_range(mem, dev->resource,
					dev->resource + dev->size - 1,
					mem->block_size);
		if (rc)
			return rc;
	}
	if (mem->nr_blocks)
		qsort(mem->blocks, mem->nr_blocks, sizeof(*mem->blocks), u64_cmp);
	for (i = 1; i < mem->nr_blocks; i++)
		if (mem->blocks[i] == mem->blocks[i - 1])
			return -EINVAL;	/* overlapping ranges: not from a kernel */
	mem->state = calloc(mem->nr_blocks ? mem->nr_blocks : 1, 1);
	mem->zone = calloc(mem->nr_blocks ? mem->nr_blocks : 1, 1);
	if (!mem->state || !mem->zone)
		return -ENOMEM;
	mem->blocks_valid = true;
	return 0;
}

void memory_invalidate(struct daxctl_memory *mem)
{
	if (!mem)
		return;
	free(mem->blocks);
	free(mem->state);
	free(mem->zone);
	free(mem->seen);
	mem->seen = NULL;
	mem->blocks = NULL;
	mem->state = mem->zone = NULL;
	mem->nr_blocks = 0;
	mem->blocks_valid = mem->states_valid = mem->zones_valid = false;
	mem->just_written = false;
}

void memory_free(struct daxctl_memory *mem)
{
	if (!mem)
		return;
	memory_invalidate(mem);
	sysfs_dir_release(mem->dev->region->ctx, &mem->node);
	free(mem);
}

static struct daxctl_memory *memory_new(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx = dev->region->ctx;
	struct daxctl_memory *mem;
	char node[32];
	uint64_t bs;

	if (ctx_block_size(ctx, &bs) || bs > ULONG_MAX)
		return NULL;
	mem = calloc(1, sizeof(*mem));
	if (!mem)
		return NULL;
	mem->dev = dev;
	mem->block_size = bs;
	mem->failed_block = -1;
	snprintf(node, sizeof(node), "node%d", dev->target_node);
	if (sysfs_dir_child(&mem->node, ctx_dir(ctx, SYS_NODE), node)) {
		free(mem);
		return NULL;
	}
	return mem;
}

DAXCTL_EXPORT struct daxctl_memory *daxctl_dev_get_memory(
		struct daxctl_dev *dev)
{
	int rc;

	if (!dev || dev->class_model || dev->driver != DAX_DRIVER_KMEM)
		return NULL;
	if (!dev->mem)
		dev->mem = memory_new(dev);
	if (!dev->mem)
		return NULL;
	rc = memory_compute_blocks(dev->mem);
	if (rc) {
		/* non-root callers cannot read the ranges: expected, not an error */
		daxctl_log_cond(dev->region->ctx, rc == -EACCES ? LOG_DEBUG : LOG_ERR,
				"%s: cannot compute memory blocks: %s",
				dev->devname, strerror(-rc));
		memory_invalidate(dev->mem);
		return NULL;
	}
	return dev->mem;
}

DAXCTL_EXPORT struct daxctl_dev *daxctl_memory_get_dev(
		struct daxctl_memory *mem)
{
	return mem ? mem->dev : NULL;
}

DAXCTL_EXPORT const char *daxctl_memory_get_node_path(
		struct daxctl_memory *mem)
{
	return mem ? mem->node.path : NULL;
}

DAXCTL_EXPORT unsigned long daxctl_memory_get_block_size(
		struct daxctl_memory *mem)
{
	return mem ? mem->block_size : 0;
}

/* memoryN/ATTR, relative to the context's memory blocks directory */
static int block_read(struct daxctl_memory *mem, int i, const char *attr,
		char *buf, size_t len)
{
	struct daxctl_ctx *ctx = mem->dev->region->ctx;
	char name[64];

	snprintf(name, sizeof(name), "memory%llu/%s",
			(unsigned long long)mem->blocks[i], attr);
	return sysfs_read_str(ctx, ctx_dir(ctx, SYS_MEMORY), name, buf, len);
}

static int block_write(struct daxctl_memory *mem, int i, const char *val)
{
	struct daxctl_ctx *ctx = mem->dev->region->ctx;
	char name[64];

	ctx_forget_node_pages(ctx);
	snprintf(name, sizeof(name), "memory%llu/state",
			(unsigned long long)mem->blocks[i]);
	return sysfs_write_str(ctx, ctx_dir(ctx, SYS_MEMORY), name, val);
}

static int block_read_state(struct daxctl_memory *mem, int i)
{
	char buf[32];
	size_t s;
	int rc;

	rc = block_read(mem, i, "state", buf, sizeof(buf));
	if (rc == -ENOENT)
		return mem->state[i] = BLOCK_MISSING;
	if (rc)
		return rc;
	for (s = 1; s < ARRAY_SIZE(state_names); s++)
		if (!strcmp(buf, state_names[s]))
			return mem->state[i] = s;
	err(mem->dev->region->ctx, "memory%llu/state: unexpected \"%s\"",
			(unsigned long long)mem->blocks[i], buf);
	return -EINVAL;
}

/* An online block's valid_zones names its zone ("none" if it spans two). */
static int block_read_zone(struct daxctl_memory *mem, int i)
{
	char buf[64];
	int z, rc;

	mem->zone[i] = DAXCTL_ZONE_NONE;
	rc = block_read(mem, i, "valid_zones", buf, sizeof(buf));
	if (rc == -ENOENT)
		return 0;	/* without CONFIG_MEMORY_HOTREMOVE */
	if (rc)
		return rc;
	for (z = 1; z < DAXCTL_ZONE_COUNT; z++)
		if (!strcmp(buf, zones[z].name))
			mem->zone[i] = z;
	return 0;
}

/* Read every block's state (and the zone of online ones); count the online. */
static int memory_scan(struct daxctl_memory *mem, bool want_zones)
{
	int i, rc, online = 0;

	mem->states_valid = mem->zones_valid = mem->just_written = false;
	for (i = 0; i < mem->nr_blocks; i++) {
		rc = block_read_state(mem, i);
		if (rc < 0)
			return rc;
		if (mem->state[i] != BLOCK_ONLINE)
			continue;
		online++;
		if (want_zones && (rc = block_read_zone(mem, i)))
			return rc;
	}
	mem->states_valid = true;
	mem->zones_valid = want_zones;
	return online;
}

static int memory_count(struct daxctl_memory *mem, enum block_state s)
{
	int i, n = 0;

	for (i = 0; i < mem->nr_blocks; i++)
		n += mem->state[i] == s;
	return n;
}

/* Zone-aware results reuse the last scan unless a write came since. */
static int memory_ensure_zones(struct daxctl_memory *mem)
{
	int rc;

	if (mem->zones_valid)
		return 0;
	rc = memory_scan(mem, true);
	return rc < 0 ? rc : 0;
}

DAXCTL_EXPORT int daxctl_memory_num_sections(struct daxctl_memory *mem)
{
	return mem ? mem->nr_blocks : -EINVAL;
}

/*
 * Fresh from sysfs, except once right after this library's own online or
 * offline: then every block's state is known (it was just written), and
 * the report that follows such an operation costs no second read per block.
 */
DAXCTL_EXPORT int daxctl_memory_is_online(struct daxctl_memory *mem)
{
	if (!mem)
		return -EINVAL;
	if (mem->just_written && mem->states_valid && mem->zones_valid) {
		mem->just_written = false;
		return memory_count(mem, BLOCK_ONLINE);
	}
	return memory_scan(mem, true);
}

DAXCTL_EXPORT int daxctl_memory_zone_count(struct daxctl_memory *mem,
		enum daxctl_zone zone)
{
	int i, n = 0, rc;

	if (!mem || (unsigned int)zone >= DAXCTL_ZONE_COUNT)
		return -EINVAL;
	rc = memory_ensure_zones(mem);
	if (rc)
		return rc;
	for (i = 0; i < mem->nr_blocks; i++)
		n += mem->state[i] == BLOCK_ONLINE && mem->zone[i] == zone;
	return n;
}

/*
 * A zone belongs to online blocks only: like ndctl's library this answers
 * -ENXIO unless every block is online (its daxctl omits "movable" then).
 */
DAXCTL_EXPORT int daxctl_memory_is_movable(struct daxctl_memory *mem)
{
	int n;

	if (!mem)
		return -EINVAL;
	n = daxctl_memory_zone_count(mem, DAXCTL_ZONE_MOVABLE);
	if (n < 0)
		return n;
	if (!mem->nr_blocks || memory_count(mem, BLOCK_ONLINE) != mem->nr_blocks)
		return -ENXIO;
	return n == mem->nr_blocks;
}

DAXCTL_EXPORT long daxctl_memory_get_failed_block(struct daxctl_memory *mem)
{
	return mem ? mem->failed_block : -1;
}

DAXCTL_EXPORT int daxctl_memory_get_already_count(struct daxctl_memory *mem)
{
	return mem ? mem->already : -EINVAL;
}

static int block_fail(struct daxctl_memory *mem, int i, const char *op, int rc)
{
	unsigned long long start = mem->blocks[i] * mem->block_size;

	mem->failed_block = (long)mem->blocks[i];
	dbg(mem->dev->region->ctx, "%s: %s memory%llu [%#llx-%#llx]: %s",
			mem->dev->devname, op, (unsigned long long)mem->blocks[i],
			start, start + mem->block_size - 1, strerror(-rc));
	return rc;
}

/* Write @cmd to one offline block; a concurrent online counts as already done. */
static int block_online(struct daxctl_memory *mem, int i, enum daxctl_zone z)
{
	int rc = block_write(mem, i, zones[z].online_cmd);

	if (rc == 0) {
		mem->state[i] = BLOCK_ONLINE;
		mem->zone[i] = z;
		return 1;
	}
	/* EINVAL is also what writing the current state gives: a race? */
	if (rc != -EINVAL || block_read_state(mem, i) != BLOCK_ONLINE)
		return rc;
	mem->already++;
	return block_read_zone(mem, i);
}

/* Linux 7.x: kmem bound, every range removed through its state attribute. */
static bool memory_unplugged(struct daxctl_memory *mem)
{
	int i;

	if (!mem->nr_blocks)
		return false;
	for (i = 0; i < mem->nr_blocks; i++)
		if (mem->state[i] != BLOCK_MISSING)
			return false;
	return daxctl_dev_get_kmem_state(mem->dev) == DAXCTL_KMEM_STATE_UNPLUGGED;
}

/* Hot-add and online every range in one write, then check every block. */
static int memory_plug(struct daxctl_memory *mem, enum daxctl_zone z)
{
	enum daxctl_kmem_state s = z == DAXCTL_ZONE_MOVABLE ?
		DAXCTL_KMEM_STATE_ONLINE_MOVABLE : DAXCTL_KMEM_STATE_ONLINE_KERNEL;
	int i, rc;

	rc = daxctl_dev_set_kmem_state(mem->dev, s);	/* forgets the blocks */
	if (!rc)
		rc = memory_compute_blocks(mem);
	if (!rc)
		rc = memory_scan(mem, true);
	if (rc < 0)
		return rc;
	for (i = 0; i < mem->nr_blocks; i++) {
		if (mem->state[i] != BLOCK_ONLINE)
			return block_fail(mem, i, "online", -ENXIO);
		if (mem->zone[i] != z)
			return block_fail(mem, i, "online (zone check)", -EBUSY);
	}
	mem->just_written = true;
	return mem->nr_blocks;
}

static int memory_online(struct daxctl_memory *mem, enum daxctl_zone z)
{
	int i, rc, count = 0;

	mem->failed_block = -1;
	mem->already = 0;
	rc = memory_scan(mem, false);
	if (rc < 0)
		return rc;
	if (memory_unplugged(mem))
		return memory_plug(mem, z);
	for (i = 0; i < mem->nr_blocks; i++) {
		switch (mem->state[i]) {
		case BLOCK_ONLINE:
			mem->already++;
			rc = block_read_zone(mem, i);
			break;
		case BLOCK_OFFLINE:
			rc = block_online(mem, i, z);
			break;
		default:
			rc = -ENXIO;
		}
		if (rc < 0)
			return block_fail(mem, i, "online", rc);
		count += rc;
	}
	mem->zones_valid = mem->just_written = true;
	for (i = 0; i < mem->nr_blocks; i++)
		if (mem->zone[i] != z)
			return block_fail(mem, i, "online (zone check)", -EBUSY);
	return count;
}

DAXCTL_EXPORT int daxctl_memory_online(struct daxctl_memory *mem)
{
	return mem ? memory_online(mem, DAXCTL_ZONE_MOVABLE) : -EINVAL;
}

DAXCTL_EXPORT int daxctl_memory_online_no_movable(struct daxctl_memory *mem)
{
	return mem ? memory_online(mem, DAXCTL_ZONE_NORMAL) : -EINVAL;
}

/* Put back blocks [i+1, nr) that this offline call took down. */
static void memory_offline_rollback(struct daxctl_memory *mem, int i,
		const unsigned char *was_online)
{
	struct daxctl_ctx *ctx = mem->dev->region->ctx;
	int rc;

	for (i = i + 1; i < mem->nr_blocks; i++) {
		if (!was_online[i] || mem->state[i] != BLOCK_OFFLINE)
			continue;
		rc = block_online(mem, i, mem->zone[i]);
		if (rc < 0)
			err(ctx, "%s: rollback: memory%llu stays offline: %s",
					mem->dev->devname,
					(unsigned long long)mem->blocks[i],
					strerror(-rc));
	}
}

static int block_offline(struct daxctl_memory *mem, int i)
{
	int rc = block_write(mem, i, "offline");

	if (rc == 0) {
		mem->state[i] = BLOCK_OFFLINE;
		return 1;
	}
	if (rc != -EINVAL || block_read_state(mem, i) != BLOCK_OFFLINE)
		return rc;
	mem->already++;
	return 0;
}

/* All or nothing: on failure, re-online what was offlined, in its old zone. */
DAXCTL_EXPORT int daxctl_memory_offline(struct daxctl_memory *mem)
{
	unsigned char *was_online;
	int i, rc, count = 0;

	if (!mem)
		return -EINVAL;
	mem->failed_block = -1;
	mem->already = 0;
	rc = memory_scan(mem, true);
	if (rc < 0)
		return rc;
	if (memory_unplugged(mem)) {
		mem->already = mem->nr_blocks;	/* nothing is added: offline */
		return 0;
	}
	was_online = calloc(mem->nr_blocks ? mem->nr_blocks : 1, 1);
	if (!was_online)
		return -ENOMEM;
	for (i = mem->nr_blocks - 1; i >= 0; i--) {
		if (mem->state[i] == BLOCK_OFFLINE) {
			mem->already++;
			continue;
		}
		was_online[i] = mem->state[i] == BLOCK_ONLINE;
		rc = mem->state[i] == BLOCK_ONLINE ? block_offline(mem, i) : -ENXIO;
		if (rc < 0) {
			block_fail(mem, i, "offline", rc);
			memory_offline_rollback(mem, i, was_online);
			break;
		}
		count += rc;
	}
	free(was_online);
	mem->just_written = rc >= 0;
	return rc < 0 ? rc : count;
}

DAXCTL_EXPORT unsigned long long daxctl_memory_get_memmap_size(
		struct daxctl_memory *mem)
{
	long page = sysconf(_SC_PAGESIZE);

	if (!mem || page <= 0)
		return 0;
	/* one 64-byte struct page per base page: 1/64 with 4 KiB pages */
	return (unsigned long long)mem->nr_blocks * (mem->block_size / page) * 64;
}

/*
 * Memmap pages the kernel self-hosts on hot-added memory count as present
 * but never as managed (mhp_init_memmap_on_memory() plus
 * adjust_present_page_count()). On a node that holds nothing but this
 * device's online blocks, present - managed is therefore the self-hosted
 * memmap; if it is missing, the memmap came from other memory.
 */
DAXCTL_EXPORT int daxctl_memory_get_memmap_placement(struct daxctl_memory *mem)
{
	uint64_t present, managed, online_pages, expect;
	long page = sysconf(_SC_PAGESIZE);
	int online, rc;

	if (!mem || page <= 0)
		return -EINVAL;
	if (mem->dev->target_node < 0)
		return DAXCTL_MEMMAP_UNKNOWN;
	online = mem->states_valid ? memory_count(mem, BLOCK_ONLINE)
				   : daxctl_memory_is_online(mem);
	if (online <= 0)
		return online < 0 ? online : DAXCTL_MEMMAP_UNKNOWN;
	rc = ctx_node_pages(mem->dev->region->ctx, mem->dev->target_node,
			&present, &managed);
	if (rc)
		return rc;
	online_pages = (uint64_t)online * (mem->block_size / page);
	expect = online_pages / 64;
	if (present != online_pages)
		return present - managed == 0 ? DAXCTL_MEMMAP_SYSTEM
					      : DAXCTL_MEMMAP_UNKNOWN;
	if (present - managed >= expect)
		return DAXCTL_MEMMAP_DEVICE;
	return present - managed < expect / 4 ? DAXCTL_MEMMAP_SYSTEM
					      : DAXCTL_MEMMAP_UNKNOWN;
}

/*
 * ---- per-block access (LIBDAXCTL_REBUILT_2) ----
 * For a caller that plans and undoes its own changes block by block: the
 * device's blocks whatever its driver (they exist only while kmem has the
 * range added), one read per block, one write that never repeats the state
 * the block is known to be in.
 */
static struct daxctl_memory *dev_blocks(struct daxctl_dev *dev, int *rc)
{
	struct daxctl_memory *mem;
	uint64_t bs;

	*rc = -EINVAL;
	if (!dev || dev->class_model)
		return NULL;
	/* a refused block_size_bytes is the caller's answer, not -ENOMEM */
	*rc = ctx_block_size(dev->region->ctx, &bs);
	if (*rc)
		return NULL;
	if (!dev->mem)
		dev->mem = memory_new(dev);
	*rc = -ENOMEM;
	if (!dev->mem)
		return NULL;
	mem = dev->mem;
	*rc = memory_compute_blocks(mem);
	if (*rc) {
		memory_invalidate(mem);
		return NULL;
	}
	if (!mem->seen)
		mem->seen = calloc(mem->nr_blocks ? mem->nr_blocks : 1, 1);
	*rc = mem->seen ? 0 : -ENOMEM;
	return *rc ? NULL : mem;
}

static struct daxctl_memory *dev_block(struct daxctl_dev *dev, int i, int *rc)
{
	struct daxctl_memory *mem = dev_blocks(dev, rc);

	if (mem && (i < 0 || i >= mem->nr_blocks)) {
		*rc = -ERANGE;
		return NULL;
	}
	return mem;
}

DAXCTL_EXPORT int daxctl_dev_get_nr_blocks(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem;
	int rc;

	mem = dev_blocks(dev, &rc);
	return mem ? mem->nr_blocks : rc;
}

DAXCTL_EXPORT long long daxctl_dev_get_block_id(struct daxctl_dev *dev, int i)
{
	struct daxctl_memory *mem;
	int rc;

	mem = dev_block(dev, i, &rc);
	return mem ? (long long)mem->blocks[i] : rc;
}

DAXCTL_EXPORT unsigned long long daxctl_dev_get_block_start(
		struct daxctl_dev *dev, int i)
{
	struct daxctl_memory *mem;
	int rc;

	mem = dev_block(dev, i, &rc);
	return mem ? mem->blocks[i] * mem->block_size : ULLONG_MAX;
}

DAXCTL_EXPORT int daxctl_dev_read_block(struct daxctl_dev *dev, int i,
		enum daxctl_zone *zone)
{
	struct daxctl_memory *mem;
	int rc;

	mem = dev_block(dev, i, &rc);
	if (!mem)
		return rc;
	mem->states_valid = mem->zones_valid = mem->just_written = false;
	mem->zone[i] = DAXCTL_ZONE_NONE;
	rc = block_read_state(mem, i);
	if (rc == BLOCK_ONLINE) {
		rc = block_read_zone(mem, i);
		if (!rc)
			rc = BLOCK_ONLINE;
	}
	if (rc < 0)
		return rc;
	mem->seen[i] = 1;
	if (zone)
		*zone = mem->zone[i];
	return rc;
}

static const struct {
	const char *cmd;
	enum block_state state;
	enum daxctl_zone zone;
} block_ops[] = {
	[DAXCTL_BLOCK_SET_OFFLINE] = { "offline", BLOCK_OFFLINE, DAXCTL_ZONE_NONE },
	[DAXCTL_BLOCK_SET_ONLINE] = { "online", BLOCK_ONLINE, DAXCTL_ZONE_NONE },
	[DAXCTL_BLOCK_SET_ONLINE_KERNEL] = { "online_kernel", BLOCK_ONLINE, DAXCTL_ZONE_NORMAL },
	[DAXCTL_BLOCK_SET_ONLINE_MOVABLE] = { "online_movable", BLOCK_ONLINE, DAXCTL_ZONE_MOVABLE },
};

DAXCTL_EXPORT int daxctl_dev_set_block(struct daxctl_dev *dev, int i,
		enum daxctl_block_op op)
{
	struct daxctl_memory *mem;
	int rc;

	if ((unsigned int)op >= ARRAY_SIZE(block_ops))
		return -EINVAL;
	mem = dev_block(dev, i, &rc);
	if (!mem)
		return rc;
	if (!mem->seen[i]) {
		rc = daxctl_dev_read_block(dev, i, NULL);
		if (rc < 0)
			return rc;
	}
	if (mem->state[i] == block_ops[op].state)
		return 1;	/* writing the current state gives EINVAL */
	if (mem->state[i] == BLOCK_MISSING)
		return -ENXIO;
	mem->states_valid = mem->zones_valid = mem->just_written = false;
	rc = block_write(mem, i, block_ops[op].cmd);
	if (rc == 0) {
		mem->state[i] = block_ops[op].state;
		mem->zone[i] = block_ops[op].zone;
		return 0;
	}
	/* EINVAL is also a racing writer that got there first */
	mem->seen[i] = 0;
	if (rc == -EINVAL && block_read_state(mem, i) == (int)block_ops[op].state) {
		mem->seen[i] = 1;
		return 1;
	}
	mem->failed_block = (long)mem->blocks[i];
	return rc;
}

DAXCTL_EXPORT int daxctl_dev_count_iomem_ram(struct daxctl_dev *dev)
{
	uint64_t *start, *end;
	struct daxctl_mapping *m;
	int n = 0, rc;

	if (!dev)
		return -EINVAL;
	daxctl_mapping_get_first(dev);	/* scans the ranges once */
	start = calloc(dev->nr_mappings + 1, sizeof(*start));
	end = calloc(dev->nr_mappings + 1, sizeof(*end));
	if (!start || !end) {
		rc = -ENOMEM;
		goto out;
	}
	daxctl_mapping_foreach(dev, m) {
		start[n] = daxctl_mapping_get_start(m);
		end[n++] = daxctl_mapping_get_end(m);
	}
	if (!n && dev->resource && dev->size) {
		start[n] = dev->resource;
		end[n++] = dev->resource + dev->size - 1;
	}
	rc = n ? procfs_iomem_count(dev->region->ctx, "System RAM (kmem)",
			start, end, n) : -EACCES;
out:
	free(start);
	free(end);
	return rc;
}
