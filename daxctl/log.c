// SPDX-License-Identifier: GPL-2.0-only
/*
 * libdaxctl's messages in the CLI. When a trace was asked for (-v, or
 * DAXCTL_LOG above err) every message prints at once, as the library
 * prints it: "libdaxctl: <function>: <message>". Otherwise an error is
 * held back: the CLI line that reports the failure ("error: dax0.0: ...")
 * takes it as its detail, so that a failure prints one line. A held error
 * that no CLI line takes prints alone before the next different message,
 * before the summary line and when the command ends.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include <libdaxctl.h>

#include "log.h"

#define LOG_MSG_MAX 1024

static struct {
	bool held;
	char fn[64];
	char msg[LOG_MSG_MAX];
} held;

static void print_lib(const char *fn, const char *msg)
{
	fprintf(stderr, "libdaxctl: %s: %s\n", fn, msg);
}

void log_flush(void)
{
	if (!held.held)
		return;
	held.held = false;
	print_lib(held.fn, held.msg);
}

/*
 * A library error that repeats the path at the head of the held one
 * ("P: unexpected value ..." then "dax0.0: skipped ...: P: Invalid
 * argument") reports the same failure one level up: one line, with the
 * held reason in place of the bare errno text after P.
 */
static bool merge_held(const char *fn, const char *msg)
{
	const char *colon = strstr(held.msg, ": "), *at, *rest;
	char path[LOG_MSG_MAX], merged[2 * LOG_MSG_MAX + 4];
	int len;

	if (!held.held || held.msg[0] != '/' || !colon)
		return false;
	len = (int)(colon - held.msg);
	snprintf(path, sizeof(path), "%.*s: ", len, held.msg);
	at = strstr(msg, path);
	if (!at)
		return false;
	rest = at + strlen(path);
	if (strstr(rest, ": "))
		snprintf(merged, sizeof(merged), "%s (%s)", msg, colon + 2);
	else
		snprintf(merged, sizeof(merged), "%.*s%s", (int)(rest - msg),
				msg, colon + 2);
	snprintf(held.fn, sizeof(held.fn), "%s", fn);
	merged[sizeof(held.msg) - 1] = '\0';
	memcpy(held.msg, merged, sizeof(held.msg));
	return true;
}

static void __attribute__((format(printf, 6, 0)))
cli_log(struct daxctl_ctx *ctx, int priority, const char *file, int line,
		const char *fn, const char *format, va_list args)
{
	char msg[LOG_MSG_MAX];

	(void)file;
	(void)line;
	vsnprintf(msg, sizeof(msg), format, args);
	if (priority > LOG_ERR || daxctl_get_log_priority(ctx) > LOG_ERR) {
		log_flush();
		print_lib(fn, msg);
		return;
	}
	if (held.held && !strcmp(held.msg, msg) && !strcmp(held.fn, fn))
		return;		/* the same failure read again */
	if (merge_held(fn, msg))
		return;
	log_flush();
	snprintf(held.fn, sizeof(held.fn), "%s", fn);
	snprintf(held.msg, sizeof(held.msg), "%s", msg);
	held.held = true;
}

void log_install(struct daxctl_ctx *ctx)
{
	daxctl_set_log_fn(ctx, cli_log);
}

/* Does @msg name a dax device ("daxX.Y") other than @devname? */
static bool names_other_dev(const char *msg, const char *devname)
{
	const char *p = msg, *end;

	while ((p = strstr(p, "dax"))) {
		bool word = p == msg || !(isalnum((unsigned char)p[-1]) ||
				p[-1] == '_');

		end = p + strlen("dax");
		end += strspn(end, "0123456789");
		if (word && end > p + 3 && *end == '.' && isdigit((unsigned char)end[1])) {
			end += 1 + strspn(end + 1, "0123456789");
			if ((size_t)(end - p) != strlen(devname) ||
			    strncmp(p, devname, end - p))
				return true;
		}
		p = end;
	}
	return false;
}

const char *log_take(const char *devname)
{
	static char taken[LOG_MSG_MAX];

	if (!held.held)
		return NULL;
	if (devname && names_other_dev(held.msg, devname)) {
		log_flush();
		return NULL;
	}
	held.held = false;
	memcpy(taken, held.msg, sizeof(taken));
	return taken;
}
