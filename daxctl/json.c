// SPDX-License-Identifier: GPL-2.0-only
/*
 * Region, device and mapping objects. Each object is described by one
 * table of keys in output order; a key's function returns its value or
 * NULL to leave the key out.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libdaxctl.h>

#include "filter.h"
#include "json.h"
#include "log.h"
#include "options.h"

#define SZ_1K 1024ULL
#define SZ_1M (SZ_1K * 1024)
#define SZ_1G (SZ_1M * 1024)
#define SZ_1T (SZ_1G * 1024)

#define SYS_DEVICES "/sys/devices"

enum {
	WARN_BLOCKS = 1 << 0,
	WARN_ZONES = 1 << 1,
	WARN_PLACEMENT = 1 << 2,
};

/* ---- values ---- */

struct human_unit {
	unsigned long long below;	/* use this unit for sizes below */
	unsigned long long iec, si;
	const char *iec_name, *si_name;
};

static const struct human_unit human_units[] = {
	{ 2 * SZ_1G, SZ_1M, 1000000ULL, "MiB", "MB" },
	{ 2 * SZ_1T, SZ_1G, 1000000000ULL, "GiB", "GB" },
	{ ULLONG_MAX, SZ_1T, 1000000000000ULL, "TiB", "TB" },
};

/* @v / @unit rounded half up to hundredths, as whole and hundredths. */
static void centi(unsigned long long v, unsigned long long unit,
		unsigned long long *whole, unsigned long long *hundredths)
{
	*whole = v / unit;
	*hundredths = ((v % unit) * 100 + unit / 2) / unit;
	if (*hundredths == 100) {
		(*whole)++;
		*hundredths = 0;
	}
}

static void format_human(unsigned long long v, char *buf, size_t len)
{
	const struct human_unit *u = human_units;
	unsigned long long w1, h1, w2, h2;

	while (v >= u->below && u->below != ULLONG_MAX)
		u++;
	centi(v, u->iec, &w1, &h1);
	centi(v, u->si, &w2, &h2);
	snprintf(buf, len, "%llu.%02llu %s (%llu.%02llu %s)", w1, h1,
			u->iec_name, w2, h2, u->si_name);
}

/* Bytes: an integer, or with -u a human string from 5000 KiB up. */
static struct json_object *new_size(struct dax_json *j, unsigned long long v)
{
	char buf[64];

	if (!(j->flags & DAX_JSON_HUMAN) || v < 5000 * SZ_1K)
		return json_object_new_int64((int64_t)v);
	format_human(v, buf, sizeof(buf));
	return json_object_new_string(buf);
}

/* An address: an unsigned integer, or with -u a "%#llx" string. */
static struct json_object *new_hex(struct dax_json *j, unsigned long long v)
{
	char buf[32];

	if (!(j->flags & DAX_JSON_HUMAN))
		return json_object_new_uint64(v);
	snprintf(buf, sizeof(buf), "%#llx", v);
	return json_object_new_string(buf);
}

/* Report a missing piece of a device object once per command. */
static void warn_once(struct dax_json *j, unsigned int what,
		const char *devname, const char *msg, int rc)
{
	const char *hint = geteuid() ? " (run as root to see memory blocks)" : "";
	const char *detail = log_take(devname);

	if (j->warned & what)
		return;
	j->warned |= what;
	fprintf(stderr, "warning: %s: %s", devname, msg);
	if (rc)
		fprintf(stderr, ": %s", strerror(-rc));
	if (detail)
		fprintf(stderr, ": %s", detail);
	fprintf(stderr, "%s\n", hint);
}

/* ---- generic table walk ---- */

typedef struct json_object *(*key_fn)(void *obj_ctx);

struct key {
	const char *name;
	key_fn get;
};

/*
 * Build an object from @keys. A key whose function returns NULL is left
 * out; *oom is set by the functions when NULL means "out of memory".
 */
static struct json_object *build(const struct key *keys, size_t nr,
		void *obj_ctx, const bool *oom)
{
	struct json_object *obj = json_object_new_object();
	size_t i;

	if (!obj)
		return NULL;
	for (i = 0; i < nr; i++) {
		struct json_object *val = keys[i].get(obj_ctx);

		if (*oom)
			goto err;
		if (val && json_object_object_add(obj, keys[i].name, val)) {
			json_object_put(val);
			goto err;
		}
	}
	return obj;
err:
	json_object_put(obj);
	return NULL;
}

/* Mark @val's allocation: NULL from a json-c constructor is -ENOMEM. */
static struct json_object *must(bool *oom, struct json_object *val)
{
	if (!val)
		*oom = true;
	return val;
}

/* ---- mapping object ---- */

struct mapping_ctx {
	struct dax_json *j;
	struct daxctl_mapping *m;
	bool oom;
};

static struct json_object *map_offset(void *p)
{
	struct mapping_ctx *c = p;

	return must(&c->oom, new_hex(c->j, daxctl_mapping_get_offset(c->m)));
}

static struct json_object *map_start(void *p)
{
	struct mapping_ctx *c = p;

	return must(&c->oom, new_hex(c->j, daxctl_mapping_get_start(c->m)));
}

static struct json_object *map_end(void *p)
{
	struct mapping_ctx *c = p;

	return must(&c->oom, new_hex(c->j, daxctl_mapping_get_end(c->m)));
}

static struct json_object *map_size(void *p)
{
	struct mapping_ctx *c = p;

	return must(&c->oom, new_size(c->j, daxctl_mapping_get_size(c->m)));
}

static const struct key mapping_keys[] = {
	{ "page_offset", map_offset },
	{ "start", map_start },
	{ "end", map_end },
	{ "size", map_size },
};

static struct json_object *mapping_json(struct dax_json *j,
		struct daxctl_mapping *m)
{
	struct mapping_ctx c = { .j = j, .m = m };

	return build(mapping_keys, sizeof(mapping_keys) / sizeof(mapping_keys[0]),
			&c, &c.oom);
}

/* Newest mapping first, as the existing tool prints them. */
static struct json_object *mappings_json(struct dax_json *j,
		struct daxctl_dev *dev, bool *oom)
{
	struct daxctl_mapping *m;
	struct json_object *arr;
	size_t n = 0, i = 0;

	daxctl_mapping_foreach(dev, m)
		n++;
	if (!n)
		return NULL;
	arr = must(oom, json_object_new_array_ext((int)n));
	if (!arr)
		return NULL;
	daxctl_mapping_foreach(dev, m) {
		struct json_object *jm = mapping_json(j, m);

		if (!jm || json_object_array_put_idx(arr, n - 1 - i++, jm))
			goto err;
	}
	return arr;
err:
	*oom = true;
	json_object_put(arr);
	return NULL;
}

/* ---- device object ---- */

struct dev_ctx {
	struct dax_json *j;
	struct daxctl_dev *dev;
	struct daxctl_memory *mem;
	bool system_ram;	/* bound to kmem */
	int online, total;	/* block counts, valid when blocks_ok */
	bool blocks_ok;
	bool oom;
};

static struct json_object *dev_chardev(void *p)
{
	struct dev_ctx *c = p;

	return must(&c->oom,
		json_object_new_string(daxctl_dev_get_devname(c->dev)));
}

static struct json_object *dev_size(void *p)
{
	struct dev_ctx *c = p;

	return must(&c->oom, new_size(c->j, daxctl_dev_get_size(c->dev)));
}

static struct json_object *dev_target_node(void *p)
{
	struct dev_ctx *c = p;
	int node = daxctl_dev_get_target_node(c->dev);

	if (node < 0)
		return NULL;
	return must(&c->oom, json_object_new_int(node));
}

static struct json_object *dev_align(void *p)
{
	struct dev_ctx *c = p;
	unsigned long align = daxctl_dev_get_align(c->dev);

	if (!align)
		return NULL;
	return must(&c->oom, new_size(c->j, align));
}

static struct json_object *dev_mode(void *p)
{
	struct dev_ctx *c = p;
	const char *mode = c->system_ram ? "system-ram" : "devdax";

	return must(&c->oom, json_object_new_string(mode));
}

static struct json_object *dev_online(void *p)
{
	struct dev_ctx *c = p;

	if (!c->blocks_ok)
		return NULL;
	return must(&c->oom, json_object_new_int(c->online));
}

static struct json_object *dev_total(void *p)
{
	struct dev_ctx *c = p;

	if (!c->blocks_ok)
		return NULL;
	return must(&c->oom, json_object_new_int(c->total));
}

/* Only meaningful once every block is online. */
static struct json_object *dev_movable(void *p)
{
	struct dev_ctx *c = p;
	int movable;

	if (!c->blocks_ok || !c->total || c->online != c->total)
		return NULL;
	movable = daxctl_memory_is_movable(c->mem);
	if (movable < 0)
		return NULL;
	return must(&c->oom, json_object_new_boolean(movable));
}

static struct json_object *dev_state(void *p)
{
	struct dev_ctx *c = p;

	if (daxctl_dev_is_enabled(c->dev))
		return NULL;
	return must(&c->oom, json_object_new_string("disabled"));
}

/* Linux 7.x: kmem's whole-device state; "unplugged" explains zero blocks. */
static struct json_object *dev_kmem_state(void *p)
{
	struct dev_ctx *c = p;
	const char *name;
	int rc;

	if (!c->system_ram)
		return NULL;
	rc = daxctl_dev_get_kmem_state(c->dev);
	name = rc > 0 ? daxctl_kmem_state_name(rc) : NULL;
	if (!name)
		return NULL;
	return must(&c->oom, json_object_new_string(name));
}

static struct json_object *dev_memmap(void *p)
{
	struct dev_ctx *c = p;
	int rc = daxctl_dev_get_memmap_on_memory(c->dev);

	if (rc < 0)
		return NULL;
	return must(&c->oom, json_object_new_boolean(rc));
}

static const char *const memmap_param_names[] = {
	[DAXCTL_MEMMAP_PARAM_OFF] = "N",
	[DAXCTL_MEMMAP_PARAM_ON] = "Y",
	[DAXCTL_MEMMAP_PARAM_FORCE] = "force",
};

/* The global parameter beside the request: a 1 means nothing when it is N. */
static struct json_object *dev_memmap_global(void *p)
{
	struct dev_ctx *c = p;
	int param;

	if (daxctl_dev_get_memmap_on_memory(c->dev) < 0)
		return NULL;
	param = daxctl_get_memmap_on_memory_param(daxctl_dev_get_ctx(c->dev));
	if (param < 0 || param > DAXCTL_MEMMAP_PARAM_FORCE)
		return NULL;
	return must(&c->oom, json_object_new_string(memmap_param_names[param]));
}

static const char *const placement_names[] = {
	[DAXCTL_MEMMAP_UNKNOWN] = "unknown",
	[DAXCTL_MEMMAP_DEVICE] = "device",
	[DAXCTL_MEMMAP_SYSTEM] = "system",
};

static struct json_object *dev_placement(void *p)
{
	struct dev_ctx *c = p;
	int rc;

	if (!c->mem)
		return NULL;
	rc = daxctl_memory_get_memmap_placement(c->mem);
	if (rc < 0) {
		warn_once(c->j, WARN_PLACEMENT, daxctl_dev_get_devname(c->dev),
				"cannot tell where the memmap is", rc);
		return NULL;
	}
	if (rc > DAXCTL_MEMMAP_SYSTEM)
		rc = DAXCTL_MEMMAP_UNKNOWN;
	return must(&c->oom, json_object_new_string(placement_names[rc]));
}

static struct json_object *dev_memmap_size(void *p)
{
	struct dev_ctx *c = p;

	if (!c->blocks_ok)
		return NULL;
	return must(&c->oom,
		new_size(c->j, daxctl_memory_get_memmap_size(c->mem)));
}

static int zone_add(struct json_object *zones, enum daxctl_zone z, int n)
{
	struct json_object *val = json_object_new_int(n);

	if (!val || json_object_object_add(zones, daxctl_zone_name(z), val)) {
		json_object_put(val);
		return -ENOMEM;
	}
	return 0;
}

/* Zone name -> online block count, non-zero zones only. */
static struct json_object *dev_zones(void *p)
{
	struct dev_ctx *c = p;
	struct json_object *zones;
	enum daxctl_zone z;

	if (!c->blocks_ok || !c->online)
		return NULL;
	zones = must(&c->oom, json_object_new_object());
	if (!zones)
		return NULL;
	for (z = DAXCTL_ZONE_NONE + 1; z < DAXCTL_ZONE_COUNT; z++) {
		int n = daxctl_memory_zone_count(c->mem, z);

		if (n < 0) {
			warn_once(c->j, WARN_ZONES, daxctl_dev_get_devname(c->dev),
					"cannot read memory zones", n);
			goto err;
		}
		if (n && zone_add(zones, z, n)) {
			c->oom = true;
			goto err;
		}
	}
	if (json_object_object_length(zones))
		return zones;
err:
	json_object_put(zones);
	return NULL;
}

static struct json_object *dev_mappings(void *p)
{
	struct dev_ctx *c = p;

	if (!(c->j->flags & DAX_JSON_MAPPINGS))
		return NULL;
	return mappings_json(c->j, c->dev, &c->oom);
}

static const struct key dev_keys[] = {
	{ "chardev", dev_chardev },
	{ "size", dev_size },
	{ "target_node", dev_target_node },
	{ "align", dev_align },
	{ "mode", dev_mode },
	{ "online_memblocks", dev_online },
	{ "total_memblocks", dev_total },
	{ "movable", dev_movable },
	{ "state", dev_state },
	{ "kmem_state", dev_kmem_state },
	{ "memmap_on_memory", dev_memmap },
	{ "memmap_on_memory_global", dev_memmap_global },
	{ "memmap_placement", dev_placement },
	{ "memmap_size", dev_memmap_size },
	{ "zones", dev_zones },
	{ "mappings", dev_mappings },
};

/* Count the blocks once; a failed count leaves every block key out. */
static void dev_count_blocks(struct dev_ctx *c)
{
	const char *devname = daxctl_dev_get_devname(c->dev);

	if (!c->system_ram)
		return;
	if (!c->mem) {
		warn_once(c->j, WARN_BLOCKS, devname,
				"memory blocks unavailable", 0);
		return;
	}
	c->total = daxctl_memory_num_sections(c->mem);
	if (c->total < 0) {
		warn_once(c->j, WARN_BLOCKS, devname,
				"cannot find memory blocks", c->total);
		return;
	}
	c->online = daxctl_memory_is_online(c->mem);
	if (c->online < 0) {
		warn_once(c->j, WARN_BLOCKS, devname,
				"cannot read memory block state", c->online);
		return;
	}
	c->blocks_ok = true;
}

struct json_object *dax_json_dev(struct dax_json *j, struct daxctl_dev *dev)
{
	struct dev_ctx c = {
		.j = j,
		.dev = dev,
		.mem = daxctl_dev_get_memory(dev),
	};

	c.system_ram = daxctl_dev_is_system_ram(dev) == 1;
	dev_count_blocks(&c);
	return build(dev_keys, sizeof(dev_keys) / sizeof(dev_keys[0]), &c,
			&c.oom);
}

/* ---- region object ---- */

struct region_ctx {
	struct dax_json *j;
	struct daxctl_region *region;
	struct json_object *jdevs;
	bool oom;
};

static struct json_object *region_path(void *p)
{
	struct region_ctx *c = p;
	const char *path = daxctl_region_get_path(c->region);
	size_t len = strlen(SYS_DEVICES);

	if (!path)
		return NULL;
	/* the /sys/devices prefix is implied; other paths print whole */
	if (!strncmp(path, SYS_DEVICES, len) && path[len] == '/')
		path += len;
	return must(&c->oom, json_object_new_string(path));
}

static struct json_object *region_id(void *p)
{
	struct region_ctx *c = p;

	return must(&c->oom,
		json_object_new_int(daxctl_region_get_id(c->region)));
}

static struct json_object *region_size(void *p)
{
	struct region_ctx *c = p;
	unsigned long long size = daxctl_region_get_size(c->region);

	if (size == ULLONG_MAX)
		return NULL;
	return must(&c->oom, new_size(c->j, size));
}

static struct json_object *region_available(void *p)
{
	struct region_ctx *c = p;
	unsigned long long avail = daxctl_region_get_available_size(c->region);

	if (!avail)
		return NULL;
	return must(&c->oom, new_size(c->j, avail));
}

/* Never humanized, as in the existing tool. */
static struct json_object *region_align(void *p)
{
	struct region_ctx *c = p;
	unsigned long align = daxctl_region_get_align(c->region);

	if (align == ULONG_MAX)
		return NULL;
	return must(&c->oom, json_object_new_uint64(align));
}

static struct json_object *region_devices(void *p)
{
	struct region_ctx *c = p;
	struct json_object *jdevs = c->jdevs;

	c->jdevs = NULL;
	return jdevs;
}

static const struct key region_keys[] = {
	{ "path", region_path },
	{ "id", region_id },
	{ "size", region_size },
	{ "available_size", region_available },
	{ "align", region_align },
	{ "devices", region_devices },
};

struct json_object *dax_json_region(struct dax_json *j,
		struct daxctl_region *region, struct json_object *jdevs)
{
	struct region_ctx c = { .j = j, .region = region, .jdevs = jdevs };
	struct json_object *obj;

	obj = build(region_keys, sizeof(region_keys) / sizeof(region_keys[0]),
			&c, &c.oom);
	/* still ours if the build stopped before "devices" */
	json_object_put(c.jdevs);
	return obj;
}

/* ---- generic objects (the --dry-run plans) ---- */

struct json_object *dax_json_object(void)
{
	return json_object_new_object();
}

int dax_json_set(struct json_object *obj, const char *key,
		struct json_object *val)
{
	if (!val)
		return -ENOMEM;
	if (json_object_object_add(obj, key, val)) {
		json_object_put(val);
		return -ENOMEM;
	}
	return 0;
}

int dax_json_set_str(struct json_object *obj, const char *key, const char *v)
{
	return dax_json_set(obj, key, json_object_new_string(v ? v : ""));
}

int dax_json_set_int(struct json_object *obj, const char *key, long long v)
{
	return dax_json_set(obj, key, json_object_new_int64(v));
}

int dax_json_set_bool(struct json_object *obj, const char *key, bool v)
{
	return dax_json_set(obj, key, json_object_new_boolean(v));
}

/* ---- arrays and printing ---- */

struct json_object *dax_json_array(void)
{
	return json_object_new_array();
}

int dax_json_append(struct json_object *array, struct json_object *obj)
{
	if (!obj)
		return -ENOMEM;
	if (json_object_array_add(array, obj)) {
		json_object_put(obj);
		return -ENOMEM;
	}
	return 0;
}

void dax_json_free(struct json_object *obj)
{
	json_object_put(obj);
}

int dax_json_print(struct dax_json *j, struct json_object *array)
{
	struct json_object *top = array;
	const char *text;
	size_t len = json_object_array_length(array);
	int rc = 0;

	if (!len)
		goto out;
	if ((j->flags & DAX_JSON_HUMAN) && len == 1)
		top = json_object_array_get_idx(array, 0);
	text = json_object_to_json_string_ext(top, JSON_C_TO_STRING_PRETTY);
	if (!text) {
		rc = -ENOMEM;
		goto out;
	}
	printf("%s\n", text);
out:
	json_object_put(array);
	return rc;
}

/* ---- create-device --input ---- */

static int input_err(const char *path, const char *key, const char *why)
{
	fprintf(stderr, "error: %s: \"%s\": %s\n", path, key, why);
	return -EINVAL;
}

/*
 * An integer, or a string in any C base with an optional k/m/g/t suffix.
 * json-c renders an integer as its decimal text, so one parser does both.
 */
static int input_number(const char *path, struct json_object *obj,
		const char *key, unsigned long long *v)
{
	struct json_object *val;

	if (!json_object_object_get_ex(obj, key, &val))
		return -ENOENT;
	if (!json_object_is_type(val, json_type_int) &&
	    !json_object_is_type(val, json_type_string))
		return input_err(path, key, "not a number");
	if (parse_size(json_object_get_string(val), v))
		return input_err(path, key,
			"not a number (the output of list -u cannot be read back)");
	return 0;
}

/* "chardev": "daxR.N" names the region R. */
static int input_region(const char *path, struct json_object *obj,
		struct dax_input *in)
{
	struct json_object *val;
	struct dev_spec spec;

	in->region_id = -1;
	if (!json_object_object_get_ex(obj, "chardev", &val))
		return 0;
	if (!json_object_is_type(val, json_type_string) ||
	    filter_parse_dev(json_object_get_string(val), &spec) ||
	    spec.region_id < 0 || strchr(json_object_get_string(val), '/'))
		return input_err(path, "chardev", "expected daxR.N");
	in->region_id = spec.region_id;
	return 0;
}

static int input_range(const char *path, struct json_object *jm,
		struct dax_input_range *r)
{
	int rc;

	if (!json_object_is_type(jm, json_type_object))
		return input_err(path, "mappings", "expected objects");
	rc = input_number(path, jm, "start", &r->start);
	if (!rc)
		rc = input_number(path, jm, "end", &r->end);
	if (!rc)
		rc = input_number(path, jm, "page_offset", &r->pgoff);
	if (rc == -ENOENT)
		return input_err(path, "mappings",
			"each needs start, end and page_offset");
	if (!rc && r->end < r->start)
		return input_err(path, "mappings", "end before start");
	return rc;
}

static int range_cmp(const void *a, const void *b)
{
	const struct dax_input_range *x = a, *y = b;

	return x->pgoff < y->pgoff ? -1 : x->pgoff > y->pgoff;
}

static int input_ranges(const char *path, struct json_object *obj,
		struct dax_input *in)
{
	struct json_object *arr;
	size_t i, n;
	int rc;

	if (!json_object_object_get_ex(obj, "mappings", &arr))
		return 0;
	if (!json_object_is_type(arr, json_type_array))
		return input_err(path, "mappings", "expected an array");
	n = json_object_array_length(arr);
	if (!n)
		return 0;
	in->ranges = calloc(n, sizeof(*in->ranges));
	if (!in->ranges)
		return -ENOMEM;
	in->nr_ranges = (int)n;
	for (i = 0; i < n; i++) {
		rc = input_range(path, json_object_array_get_idx(arr, i),
				&in->ranges[i]);
		if (rc)
			return rc;
	}
	qsort(in->ranges, n, sizeof(*in->ranges), range_cmp);
	return 0;
}

static int input_parse(const char *path, struct json_object *obj,
		struct dax_input *in)
{
	int rc;

	if (json_object_is_type(obj, json_type_array) &&
	    json_object_array_length(obj) == 1)
		obj = json_object_array_get_idx(obj, 0);
	if (!json_object_is_type(obj, json_type_object))
		return input_err(path, "(top level)", "expected one device object");
	rc = input_region(path, obj, in);
	if (!rc)
		rc = input_number(path, obj, "size", &in->size);
	if (rc == -ENOENT)
		rc = 0;
	if (!rc)
		rc = input_number(path, obj, "align", &in->align);
	if (rc == -ENOENT)
		rc = 0;
	return rc ? rc : input_ranges(path, obj, in);
}

int dax_json_read_input(const char *path, struct dax_input *in)
{
	struct json_object *obj;
	int rc;

	memset(in, 0, sizeof(*in));
	in->region_id = -1;
	obj = json_object_from_file(path);
	if (!obj) {
		fprintf(stderr, "error: %s: cannot read JSON: %s\n", path,
				json_util_get_last_err());
		return -EINVAL;
	}
	rc = input_parse(path, obj, in);
	json_object_put(obj);
	if (rc)
		dax_input_release(in);
	return rc;
}

void dax_input_release(struct dax_input *in)
{
	free(in->ranges);
	in->ranges = NULL;
	in->nr_ranges = 0;
}
