// SPDX-License-Identifier: GPL-2.0-only
/* Placeholders for the commands whose files have not landed yet. */
#include <errno.h>
#include <stdio.h>

#include "daxctl.h"

int cmd_create(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	fprintf(stderr, "%s: not implemented yet\n", argv[0]);
	return -EOPNOTSUPP;
}
