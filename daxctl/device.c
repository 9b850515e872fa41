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

#include "device.h"
#include "interrupt.h"
#include "filter.h"
#include "json.h"

static void __attribute__((format(printf, 3, 0)))
vmsg(const char *prefix, struct daxctl_dev *dev, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s%s: ", prefix, daxctl_dev_get_devname(dev));
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int dev_err(struct daxctl_dev *dev, const char *op, int rc,
		const char *hint_fmt, ...)
{
	va_list ap;

	fprintf(stderr, "error: %s: %s: %s", daxctl_dev_get_devname(dev), op,
			strerror(-rc));
	if (hint_fmt) {
		fputs(" (", stderr);
		va_start(ap, hint_fmt);
		vfprintf(stderr, hint_fmt, ap);
		va_end(ap);
		fputc(')', stderr);
	}
	fputc('\n', stderr);
	return rc;
}

void dev_warn(struct daxctl_dev *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", dev, fmt, ap);
	va_end(ap);
}

void dev_info(struct daxctl_dev *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", dev, fmt, ap);
	va_end(ap);
}

void size_text(unsigned long long bytes, char *buf, int len)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;
	unsigned long long scale = 1;

	while (u + 1 < sizeof(units) / sizeof(units[0]) && bytes >= scale * 1024) {
		scale *= 1024;
		u++;
	}
	if (bytes % scale == 0)
		snprintf(buf, len, "%llu %s", bytes / scale, units[u]);
	else
		snprintf(buf, len, "%.2f %s", (double)bytes / (double)scale,
				units[u]);
}

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

/* Act on each device; the errno of the last failure, or 0. */
static int act(const struct dev_action *a, struct dax_json *j,
		struct daxctl_dev **devs, int n, struct json_object *out,
		int *done)
{
	int i, rc, last_err = 0;

	for (i = 0; i < n && !guard_stop_requested(); i++) {
		rc = a->fn(devs[i], a->arg);
		if (rc < 0)
			last_err = rc;
		if (rc)
			continue;
		(*done)++;
		if (!out)
			continue;
		rc = dax_json_append(out, dax_json_dev(j, devs[i]));
		if (rc)
			last_err = rc;
	}
	return last_err;
}

int dev_action_check(const struct opt_cmd *cmd, const struct dev_action *a,
		int nr)
{
	if (nr)
		return 0;
	return usage_error(cmd, "specify a device to %s, or \"all\"", a->what);
}

int dev_command(int argc, const char **argv, struct daxctl_ctx *ctx,
		const struct opt_cmd *cmd, const struct dev_opts *o,
		const struct dev_action *a)
{
	int nr, rc = parse_options(argc - 1, argv + 1, cmd, &nr);

	if (rc)
		return rc;
	return dev_action_run(ctx, cmd, o, a, nr, argv + 1);
}

int dev_action_run(struct daxctl_ctx *ctx, const struct opt_cmd *cmd,
		const struct dev_opts *o, const struct dev_action *a, int nr,
		const char **args)
{
	struct dax_json j = { .flags = o->human ? DAX_JSON_HUMAN : 0 };
	struct daxctl_dev **devs = NULL;
	struct json_object *out = NULL;
	struct dax_filter f;
	bool unmatched = false;
	int rc, n = 0, done = 0;

	rc = dev_action_check(cmd, a, nr);
	if (rc)
		return rc;
	if (o->verbose)
		daxctl_set_log_priority(ctx, LOG_DEBUG);
	rc = filter_init(&f, o->region, nr, args);
	if (rc)
		return rc == -EINVAL ? usage_with_options(cmd) : rc;
	rc = select_devs(ctx, &f, &devs, &n, &unmatched);
	if (!rc && a->json) {
		out = dax_json_array();
		if (!out)
			rc = -ENOMEM;
	}
	if (!rc)
		rc = act(a, &j, devs, n, out, &done);
	if (!rc && unmatched)
		rc = -ENODEV;
	if (out) {
		int prc = dax_json_print(&j, out);

		rc = prc ? prc : rc;
	}
	if (rc)
		fprintf(stderr, "error %s: %s\n", a->doing, strerror(-rc));
	fprintf(stderr, "%s %d device%s\n", a->done, done, done == 1 ? "" : "s");
	free(devs);
	filter_release(&f);
	return rc;
}
