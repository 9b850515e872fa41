/* SPDX-License-Identifier: GPL-2.0-only */
/* JSON output of daxctl: the only user of json-c. */
#ifndef _DAXCTL_JSON_H_
#define _DAXCTL_JSON_H_

#include <stdbool.h>

struct json_object;
struct daxctl_region;
struct daxctl_dev;

enum dax_json_flags {
	DAX_JSON_HUMAN = 1 << 0,	/* -u */
	DAX_JSON_DEVS = 1 << 1,		/* regions carry their devices */
	DAX_JSON_MAPPINGS = 1 << 2,	/* -M */
	DAX_JSON_IDLE = 1 << 3,		/* -i: include size-0 devices */
};

/* Per-command output state; zero it, then set flags. */
struct dax_json {
	unsigned int flags;
	unsigned int warned;	/* problems already reported once */
};

/* A device object (compat-surface §6 plus our keys); NULL: -ENOMEM. */
struct json_object *dax_json_dev(struct dax_json *j, struct daxctl_dev *dev);
/*
 * A region object. @jdevs (may be NULL) becomes its "devices" array; the
 * region takes ownership of it. NULL: -ENOMEM.
 */
struct json_object *dax_json_region(struct dax_json *j,
		struct daxctl_region *region, struct json_object *jdevs);

/* A new object and its members (each setter takes @val); 0 or -ENOMEM. */
struct json_object *dax_json_object(void);
int dax_json_set(struct json_object *obj, const char *key,
		struct json_object *val);
int dax_json_set_str(struct json_object *obj, const char *key, const char *v);
int dax_json_set_int(struct json_object *obj, const char *key, long long v);
int dax_json_set_bool(struct json_object *obj, const char *key, bool v);

/*
 * {"rebuilt_host":{...}}: the host's hot-plug settings (memory block size,
 * auto_online_blocks, online_policy, the global memmap_on_memory), each key
 * left out when unknown. NULL: -ENOMEM.
 */
struct daxctl_ctx;
struct json_object *dax_json_host(struct dax_json *j, struct daxctl_ctx *ctx);

/* A new array, and appending to it (the array takes @obj); 0 or -ENOMEM. */
struct json_object *dax_json_array(void);
int dax_json_append(struct json_object *array, struct json_object *obj);
void dax_json_free(struct json_object *obj);

/*
 * Print @array pretty to stdout, or its only element with -u, then free
 * it. An empty array prints nothing. 0 or -ENOMEM.
 */
int dax_json_print(struct dax_json *j, struct json_object *array);

/* A device description for create-device --input (daxctl list format). */
struct dax_input_range {
	unsigned long long start, end, pgoff;
};

struct dax_input {
	int region_id;			/* from "chardev", -1 if absent */
	unsigned long long size;	/* 0 if absent */
	unsigned long long align;	/* 0 if absent */
	struct dax_input_range *ranges;	/* sorted by page_offset */
	int nr_ranges;
};

/*
 * Read @path: one device object as `daxctl list` prints it without -u
 * (an array holding exactly one is accepted too). Problems are printed.
 * 0, -EINVAL, -ENOENT or -ENOMEM. Release with dax_input_release().
 */
int dax_json_read_input(const char *path, struct dax_input *in);
void dax_input_release(struct dax_input *in);

#endif /* _DAXCTL_JSON_H_ */
