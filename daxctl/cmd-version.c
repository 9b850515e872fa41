// SPDX-License-Identifier: GPL-2.0-only
/* daxctl version: the bare version string. Arguments are ignored. */
#include <stdio.h>

#include <config.h>

#include "daxctl.h"

int cmd_version(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	printf("%s\n", VERSION);
	return 0;
}
