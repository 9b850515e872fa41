// SPDX-License-Identifier: GPL-2.0-only
/*
 * The loop behind every device command: select devices, act on each,
 * collect the JSON of the ones that succeeded, and end with the summary
 * line scripts look for ("reconfigured 2 devices").
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <libdaxctl.h>

#include "apply.h"
#include "device.h"
#include "dryrun.h"
#include "interrupt.h"
#include "filter.h"
#include "json.h"
#include "log.h"
#include "lock.h"
#include "plan.h"

/*
 * The devices to act on, or a negative errno (reasons already printed).
 * A name that matches nothing sets *unmatched; the others are still acted on.
 */
static int select_devs(struct daxctl_ctx *ctx, struct dax_filter *f,
		struct daxctl_dev ***devs, int *n, bool *unmatched)
{
	int rc = filter_collect(ctx, f, devs, n);

	if (rc)
		return rc;
	*unmatched = filter_report_unmatched(f);
	return 0;
}

/* Plan, then apply (or print the plan); 0, 1 (left alone) or -errno. */
static int run_one(const struct dev_action *a, const struct dev_opts *o,
		struct daxctl_dev *dev, struct json_object *plans)
{
	struct plan_req req = { .memmap = -1, .online = true, .movable = true,
		.verbose = o->verbose };
	struct plan p = { 0 };
	int rc = a->request(dev, a->arg, &req);

	if (rc)
		return rc;
	rc = plan_build(dev, &req, &p);
	if (rc) {
		dev_err(dev, "read the device's state", rc, NULL);
		goto out;
	}
	if (plans) {
		rc = dax_json_append(plans, plan_json(&p, a->command));
		if (!rc && p.rc < 0)
			rc = p.rc;
		goto out;
	}
	if (p.rc < 0) {
		rc = plan_report(&p);
		goto out;
	}
	if (p.rc == 0)
		rc = plan_apply(&p);
	if (!rc && a->report)
		a->report(dev, a->arg, &p);
out:
	plan_release(&p);
	return rc;
}

/* Act on each device; the errno of the last failure, or 0. */
static int act(const struct dev_action *a, const struct dev_opts *o,
		struct dax_json *j, struct daxctl_dev **devs, int n,
		struct json_object *out, int *done)
{
	int i, rc, last_err = 0;

	for (i = 0; i < n && !guard_stop_requested(); i++) {
		rc = run_one(a, o, devs[i], o->dry_run ? out : NULL);
		if (rc < 0)
			last_err = rc;
		if (rc)
			continue;
		(*done)++;
		if (!out || o->dry_run)
			continue;
		rc = dax_json_append(out, dax_json_dev(j, devs[i]));
		if (rc)
			last_err = rc;
	}
	return last_err;
}

static int run_devices(struct daxctl_ctx *ctx, const struct opt_cmd *cmd,
		const struct dev_opts *o, const struct dev_action *a, int nr,
		const char **args)
{
	struct dax_json j = { .flags = o->human ? DAX_JSON_HUMAN : 0 };
	struct daxctl_dev **devs = NULL;
	struct json_object *out = NULL;
	struct dax_filter f;
	bool unmatched = false;
	int rc, n = 0, done = 0;

	if (o->verbose)
		daxctl_set_log_priority(ctx, LOG_DEBUG);
	rc = filter_init(&f, o->region, nr, args);
	if (rc)
		return rc == -EINVAL ? usage_with_options(cmd) : rc;
	/* before the first read of any state; --dry-run changes nothing */
	rc = o->dry_run ? 0 : lock_take();
	if (!rc)
		rc = select_devs(ctx, &f, &devs, &n, &unmatched);
	if (!rc && (a->json || o->dry_run)) {
		out = dax_json_array();
		if (!out)
			rc = -ENOMEM;
	}
	if (!rc)
		rc = act(a, o, &j, devs, n, out, &done);
	if (!rc && unmatched)
		rc = -ENODEV;
	if (out) {
		int prc = dax_json_print(&j, out);

		rc = prc ? prc : rc;
	}
	log_flush();	/* the summary line comes last */
	if (rc)
		fprintf(stderr, "error %s: %s\n", a->doing, strerror(-rc));
	if (!o->dry_run)
		fprintf(stderr, "%s %d device%s\n", a->done, done, done == 1 ? "" : "s");
	free(devs);
	filter_release(&f);
	lock_release();
	return rc;
}

int dev_command(int argc, const char **argv, struct daxctl_ctx *ctx,
		const struct opt_cmd *cmd, struct dev_opts *o,
		const struct dev_action *a)
{
	int nr, rc = parse_options(argc - 1, argv + 1, cmd, &nr);

	if (rc)
		return rc;
	if (!nr)
		return usage_error(cmd, "specify a device to %s, or \"all\"", a->what);
	if (a->resolve) {
		rc = a->resolve(a->arg, cmd, ctx);
		if (rc)
			return rc;
	}
	rc = run_devices(ctx, cmd, o, a, nr, argv + 1);
	if (a->release)
		a->release(a->arg);
	return rc;
}
