/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daxctl commands. Each gets argv[0] = its name and returns 0, 1, a
 * negative errno or an exit status (EXIT_USAGE, EXIT_LIST_OPTS); main()
 * exits with rc & 0xff.
 */
#ifndef _DAXCTL_DAXCTL_H_
#define _DAXCTL_DAXCTL_H_

#include <stdbool.h>
#include <stdio.h>

struct daxctl_ctx;

int cmd_version(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_list(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_help(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_split_acpi(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_migrate(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_create(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_destroy(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_reconfigure(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_online(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_offline(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_disable(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_enable(int argc, const char **argv, struct daxctl_ctx *ctx);

/* daxctl.c: is @name a command of the table? */
bool daxctl_is_command(const char *name);
/* daxctl.c: the top-level usage block, to @f. */
void daxctl_usage(FILE *f);

#endif /* _DAXCTL_DAXCTL_H_ */
