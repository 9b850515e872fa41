/* SPDX-License-Identifier: GPL-2.0-only */
/* What the device commands share: options, the per-device loop, messages. */
#ifndef _DAXCTL_DEVICE_H_
#define _DAXCTL_DEVICE_H_

#include <stdbool.h>

#include "options.h"

struct daxctl_ctx;
struct daxctl_dev;

/* -r, -u and -v, common to every device command. */
struct dev_opts {
	const char *region;
	bool human;
	bool verbose;
};

#define OPT_DEV_COMMON(o) \
	OPT_STR('r', "region", &(o)->region, "region-id", \
		"only devices of this region: all, N or regionN"), \
	OPT_BOOLEAN('u', "human", &(o)->human, \
		"use human friendly number formats"), \
	OPT_BOOLEAN('v', "verbose", &(o)->verbose, "emit more debug messages")

struct dev_action {
	const char *what;	/* "reconfigure": "specify a device to <what>" */
	const char *doing;	/* "reconfiguring devices": "error <doing>: ..." */
	const char *done;	/* "reconfigured": "<done> 2 devices" */
	bool json;		/* print each device it succeeded on */
	/*
	 * 0 when the device ends in the requested state, 1 when there was
	 * nothing to do for it (not counted, not an error), else -errno.
	 */
	int (*fn)(struct daxctl_dev *dev, void *arg);
	void *arg;
};

/* Usage error (EXIT_USAGE) unless at least one device was named. */
int dev_action_check(const struct opt_cmd *cmd, const struct dev_action *a,
		int nr);

/*
 * Run @a on every device that the positional @args (at least one) and
 * o->region select. Every argument must match a device. Prints the JSON
 * (if a->json), then the summary line on stderr. Returns 0, EXIT_USAGE,
 * or the errno of the last device that failed.
 */
/* Parse argv for @cmd, then dev_action_run() on the devices it names. */
int dev_command(int argc, const char **argv, struct daxctl_ctx *ctx,
		const struct opt_cmd *cmd, const struct dev_opts *o,
		const struct dev_action *a);
int dev_action_run(struct daxctl_ctx *ctx, const struct opt_cmd *cmd,
		const struct dev_opts *o, const struct dev_action *a, int nr,
		const char **args);

/*
 * "error: daxX.Y: <op>: <strerror>" plus " (<hint>)" when @hint_fmt is not
 * NULL, as one line on stderr. Returns @rc.
 */
int dev_err(struct daxctl_dev *dev, const char *op, int rc,
		const char *hint_fmt, ...) __attribute__((format(printf, 4, 5)));
/* "warning: daxX.Y: <msg>" on stderr. */
void dev_warn(struct daxctl_dev *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "daxX.Y: <msg>" on stderr. */
void dev_info(struct daxctl_dev *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "1.00 GiB" style text for messages. */
void size_text(unsigned long long bytes, char *buf, int len);

#endif /* _DAXCTL_DEVICE_H_ */
