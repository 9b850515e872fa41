/* SPDX-License-Identifier: GPL-2.0-only */
/* --dry-run: a plan as JSON, changing nothing. */
#ifndef _DAXCTL_DRYRUN_H_
#define _DAXCTL_DRYRUN_H_

struct json_object;
struct plan;

/*
 * {"device", "command", "backend", "from": {...}, "steps": [...],
 *  "checks": [...], "memmap": {"bytes", "placement"}, "would_run"}.
 * Runs of block steps are folded ("memory40-memory47", "count": 8).
 * NULL: -ENOMEM.
 */
struct json_object *plan_json(const struct plan *p, const char *command);

#endif /* _DAXCTL_DRYRUN_H_ */
