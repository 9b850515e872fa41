// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxctl split-acpi: upstream rewrites dumped SRAT/SLIT/NFIT tables to
 * split a proximity domain for emulation. Not provided here; the command
 * keeps its place and options so that scripts and completion see it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

#include "daxctl.h"
#include "options.h"

int cmd_split_acpi(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	const char *dir = ".";
	unsigned int pxm = 0, nodes = 2;
	bool verbose = false;
	const struct opt opts[] = {
		OPT_STR('d', "directory", &dir, "path",
			"directory with the tables dumped by acpixtract -a"),
		OPT_U('p', "pxm", &pxm, "n", "proximity domain to split"),
		OPT_U('n', "nodes", &nodes, "n",
			"number of nodes to split it into (default 2)"),
		OPT_BOOLEAN('v', "verbose", &verbose, "emit more messages"),
		OPT_DONE,
	};
	const struct opt_cmd cmd = { "daxctl split-acpi [<options>]", opts };
	int rc;

	rc = parse_options_only(argc, argv, &cmd);
	if (rc)
		return rc;
	fprintf(stderr, "split-acpi: not supported by this daxctl\n");
	return -EOPNOTSUPP;
}
