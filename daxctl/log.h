/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where libdaxctl's messages go in the CLI: one failure, one line. See
 * log.c for the rules.
 */
#ifndef _DAXCTL_LOG_H_
#define _DAXCTL_LOG_H_

struct daxctl_ctx;

/* Make @ctx log through the CLI (daxctl_set_log_fn). */
void log_install(struct daxctl_ctx *ctx);

/*
 * The library error held back for the CLI line about to report a failure
 * of @devname (NULL: no device), or NULL. Taking it clears it; one that
 * names another device is printed on its own line instead.
 */
const char *log_take(const char *devname);

/* Print a held library error that no CLI line took. */
void log_flush(void);

#endif /* _DAXCTL_LOG_H_ */
