// SPDX-License-Identifier: GPL-2.0-only
/* One-line messages naming a device; sizes as text. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libdaxctl.h>

#include "log.h"
#include "msg.h"

/* A warning takes the library's detail of the failure (log.c). */
static void __attribute__((format(printf, 3, 0)))
vmsg(const char *prefix, struct daxctl_dev *dev, const char *fmt, va_list ap)
{
	const char *devname = daxctl_dev_get_devname(dev);
	const char *detail = *prefix ? log_take(devname) : NULL;

	fprintf(stderr, "%s%s: ", prefix, devname);
	vfprintf(stderr, fmt, ap);
	if (detail)
		fprintf(stderr, ": %s", detail);
	fputc('\n', stderr);
}

int dev_err(struct daxctl_dev *dev, const char *op, int rc,
		const char *hint_fmt, ...)
{
	const char *devname = daxctl_dev_get_devname(dev);
	const char *detail = log_take(devname);
	va_list ap;

	fprintf(stderr, "error: %s: %s: %s", devname, op, strerror(-rc));
	if (detail)
		fprintf(stderr, ": %s", detail);
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
