// SPDX-License-Identifier: GPL-2.0-only
/* Placeholders for the device commands until their files land. */
#include <errno.h>
#include <stdio.h>

#include "daxctl.h"

static int not_yet(const char *name)
{
	fprintf(stderr, "%s: not implemented yet\n", name);
	return -EOPNOTSUPP;
}

int cmd_create(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return not_yet(argv[0]);
}

int cmd_destroy(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return not_yet(argv[0]);
}

int cmd_reconfigure(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return not_yet(argv[0]);
}

int cmd_online(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return not_yet(argv[0]);
}

int cmd_offline(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return not_yet(argv[0]);
}

int cmd_disable(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return not_yet(argv[0]);
}

int cmd_enable(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return not_yet(argv[0]);
}
