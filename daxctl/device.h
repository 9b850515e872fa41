/* SPDX-License-Identifier: GPL-2.0-only */
/* What the device commands share: options, the per-device loop, messages. */
#ifndef _DAXCTL_DEVICE_H_
#define _DAXCTL_DEVICE_H_

#include <stdbool.h>

#include "msg.h"
#include "options.h"

struct daxctl_ctx;
struct daxctl_dev;

struct plan;
struct plan_req;

/* -r, -u and -v, common to every device command; --dry-run where offered. */
struct dev_opts {
	const char *region;
	bool human;
	bool verbose;
	bool dry_run;
};

#define OPT_DEV_COMMON(o) \
	OPT_STR('r', "region", &(o)->region, "region-id", \
		"only devices of this region: all, N or regionN"), \
	OPT_BOOLEAN('u', "human", &(o)->human, \
		"use human friendly number formats"), \
	OPT_BOOLEAN('v', "verbose", &(o)->verbose, "emit more debug messages")

#define OPT_DRY_RUN(o) \
	OPT_BOOLEAN(0, "dry-run", &(o)->dry_run, \
		"print the plan as JSON and change nothing")

/*
 * A device command: parse, then for each device request -> plan_build()
 * -> plan_apply() -> report, under the host-wide lock (lock.h) unless
 * --dry-run, which prints each plan instead (dryrun.h).
 */
struct dev_action {
	const char *what;	/* "reconfigure": "specify a device to <what>" */
	const char *doing;	/* "reconfiguring devices": "error <doing>: ..." */
	const char *done;	/* "reconfigured": "<done> 2 devices" */
	const char *command;	/* "reconfigure-device": the --dry-run "command" */
	bool json;		/* print each device it succeeded on */
	/* With json: false after resolve() when this request prints none. */
	bool (*want_json)(void *arg);
	/* After parsing, before any device: 0 or an exit status (usage). */
	int (*resolve)(void *arg, const struct opt_cmd *cmd, struct daxctl_ctx *ctx);
	/*
	 * Fill @req for @dev: 0, 1 to leave the device alone (not counted,
	 * not an error), or -errno (already printed).
	 */
	int (*request)(struct daxctl_dev *dev, void *arg, struct plan_req *req);
	/* After a plan ran, or had nothing to do: the command's own messages. */
	void (*report)(struct daxctl_dev *dev, void *arg, const struct plan *p);
	/* After the last device (release what resolve() took). */
	void (*release)(void *arg);
	void *arg;
};

/*
 * Parse argv for @cmd (at least one device must be named), resolve, then
 * act on every device that the positional arguments and o->region select.
 * Every argument must match a device. Prints the JSON (if a->json, or the
 * plans with --dry-run), then the summary line on stderr. Returns 0,
 * EXIT_USAGE, or the errno of the last device that failed.
 */
int dev_command(int argc, const char **argv, struct daxctl_ctx *ctx,
		const struct opt_cmd *cmd, struct dev_opts *o,
		const struct dev_action *a);

#endif /* _DAXCTL_DEVICE_H_ */
