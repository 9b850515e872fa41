/* SPDX-License-Identifier: GPL-2.0-only */
/* Messages about a device on stderr: a leaf every other file may use. */
#ifndef _DAXCTL_MSG_H_
#define _DAXCTL_MSG_H_

struct daxctl_dev;

/*
 * "error: daxX.Y: <op>: <strerror>", then ": <detail>" when the library
 * logged why (log.c), then " (<hint>)" when @hint_fmt is not NULL, as one
 * line on stderr. Returns @rc.
 */
int dev_err(struct daxctl_dev *dev, const char *op, int rc,
		const char *hint_fmt, ...) __attribute__((format(printf, 4, 5)));
/* "warning: daxX.Y: <msg>" on stderr, with the library's detail too. */
void dev_warn(struct daxctl_dev *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "daxX.Y: <msg>" on stderr. */
void dev_info(struct daxctl_dev *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "1.00 GiB" style text for messages. */
void size_text(unsigned long long bytes, char *buf, int len);

#endif /* _DAXCTL_MSG_H_ */
