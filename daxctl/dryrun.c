// SPDX-License-Identifier: GPL-2.0-only
/* The plan of a --dry-run, as JSON through json.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdaxctl.h>

#include "dryrun.h"
#include "json.h"
#include "kstate.h"
#include "plan.h"

static const char *const backend_names[] = {
	[BACKEND_NONE] = "none",
	[BACKEND_BLOCKS] = "blocks",
	[BACKEND_KSTATE] = "kmem-state",
};

static bool block_step(const struct step *s)
{
	return s->op == STEP_OFFLINE || s->op == STEP_ONLINE;
}

/* Steps @i.. that fold with @i: same op and zone, adjacent blocks. */
static int run_len(const struct plan *p, int i)
{
	const struct step *a = &p->steps[i];
	int n = 1;

	if (!block_step(a))
		return 1;
	while (i + n < p->nr_steps) {
		const struct step *b = &p->steps[i + n];

		if (b->op != a->op || b->arg != a->arg ||
		    abs(b->block - p->steps[i + n - 1].block) != 1)
			break;
		n++;
	}
	return n;
}

static struct json_object *step_json(const struct plan *p, int i, int n)
{
	const struct step *s = &p->steps[i];
	struct json_object *o = dax_json_object();
	long long first, last;
	char buf[64];
	int rc;

	if (!o)
		return NULL;
	rc = dax_json_set_str(o, "step", step_name(s, buf, sizeof(buf)));
	if (!rc && block_step(s)) {
		first = daxctl_dev_get_block_id(p->dev, s->block);
		last = daxctl_dev_get_block_id(p->dev, p->steps[i + n - 1].block);
		if (n == 1)
			snprintf(buf, sizeof(buf), "memory%lld", first);
		else
			snprintf(buf, sizeof(buf), "memory%lld-memory%lld",
					first < last ? first : last, first < last ? last : first);
		rc = dax_json_set_str(o, "blocks", buf);
		if (!rc)
			rc = dax_json_set_int(o, "count", n);
	}
	if (!rc && (s->op == STEP_SIZE || s->op == STEP_ALIGN))
		rc = dax_json_set_int(o, "value", (long long)s->val);
	if (rc) {
		dax_json_free(o);
		return NULL;
	}
	return o;
}

static struct json_object *steps_json(const struct plan *p)
{
	struct json_object *a = dax_json_array();
	int i, n;

	if (!a)
		return NULL;
	for (i = 0; i < p->nr_steps; i += n) {
		n = run_len(p, i);
		if (dax_json_append(a, step_json(p, i, n))) {
			dax_json_free(a);
			return NULL;
		}
	}
	return a;
}

static struct json_object *zones_json(const struct dev_state *s)
{
	struct json_object *o = dax_json_object();
	int z;

	for (z = 1; o && z < DAXCTL_ZONE_COUNT; z++)
		if (s->zones[z] && dax_json_set_int(o, daxctl_zone_name(z), s->zones[z])) {
			dax_json_free(o);
			return NULL;
		}
	return o;
}

static struct json_object *from_json(const struct plan *p)
{
	const struct dev_state *s = &p->start;
	struct json_object *o = dax_json_object();
	int rc;

	if (!o)
		return NULL;
	rc = dax_json_set_str(o, "mode", mode_name(s->mode));
	if (!rc && s->memmap >= 0)
		rc = dax_json_set_int(o, "memmap_on_memory", s->memmap);
	if (!rc && s->kstate >= 0)
		rc = dax_json_set_str(o, "kmem_state", kstate_name(s->kstate));
	if (!rc && s->blocks_read) {
		rc = dax_json_set_int(o, "online_memblocks", s->count[DAXCTL_BLOCK_ONLINE]);
		if (!rc)
			rc = dax_json_set_int(o, "total_memblocks", s->nr_blocks);
		if (!rc)
			rc = dax_json_set(o, "zones", zones_json(s));
	}
	if (rc) {
		dax_json_free(o);
		return NULL;
	}
	return o;
}

static struct json_object *checks_json(const struct plan *p)
{
	struct json_object *a = dax_json_array(), *o;
	int rc;

	if (!a || p->rc >= 0)
		return a;
	o = dax_json_object();
	rc = !o || dax_json_set_str(o, "check", p->op) ||
		dax_json_set_str(o, "error", strerror(-p->rc)) ||
		dax_json_set_int(o, "errno", -p->rc) ||
		(p->why[0] && dax_json_set_str(o, "hint", p->why));
	if (rc || dax_json_append(a, o)) {
		if (rc)
			dax_json_free(o);
		dax_json_free(a);
		return NULL;
	}
	return a;
}

static struct json_object *memmap_json(const struct plan *p)
{
	struct json_object *o = dax_json_object();

	if (!o)
		return NULL;
	if (dax_json_set_int(o, "bytes", (long long)p->memmap_bytes) ||
	    dax_json_set_str(o, "placement", p->memmap_where)) {
		dax_json_free(o);
		return NULL;
	}
	return o;
}

struct json_object *plan_json(const struct plan *p, const char *command)
{
	struct json_object *o = dax_json_object();
	int rc;

	if (!o)
		return NULL;
	rc = dax_json_set_str(o, "device", daxctl_dev_get_devname(p->dev)) ||
		dax_json_set_str(o, "command", command) ||
		dax_json_set_str(o, "backend", backend_names[p->backend % 3]) ||
		dax_json_set(o, "from", from_json(p)) ||
		dax_json_set_str(o, "to", mode_name(p->want_mode)) ||
		dax_json_set(o, "steps", steps_json(p)) ||
		dax_json_set(o, "checks", checks_json(p)) ||
		(p->memmap_where && dax_json_set(o, "memmap", memmap_json(p))) ||
		dax_json_set_bool(o, "would_run", p->rc >= 0);
	if (rc) {
		dax_json_free(o);
		return NULL;
	}
	return o;
}
