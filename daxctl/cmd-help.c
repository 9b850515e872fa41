// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxctl help [COMMAND]: the usage block, or the command's man page shown
 * by man(1) (or konqueror, see DAXCTL_MAN_VIEWER) with our mandir first in
 * MANPATH so an installed daxctl finds its own pages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <config.h>

#include "daxctl.h"

static int set_manpath(void)
{
	const char *old = getenv("MANPATH");
	size_t len = strlen(DAXCTL_MANDIR) + (old ? strlen(old) : 0) + 2;
	char *path = malloc(len);
	int rc;

	if (!path)
		return -ENOMEM;
	/* a trailing ':' keeps man's default search path */
	snprintf(path, len, "%s:%s", DAXCTL_MANDIR, old ? old : "");
	rc = setenv("MANPATH", path, 1) ? -errno : 0;
	free(path);
	return rc;
}

static void exec_konqueror(const char *page)
{
	char url[128];

	snprintf(url, sizeof(url), "man:%s(1)", page);
	execlp("kfmclient", "kfmclient", "newTab", url, (char *)NULL);
	fprintf(stderr, "error: cannot run kfmclient: %s\n", strerror(errno));
}

static int show_man_page(const char *page)
{
	const char *viewer = getenv("DAXCTL_MAN_VIEWER");
	int rc = set_manpath();

	if (rc) {
		fprintf(stderr, "error: cannot set MANPATH: %s\n", strerror(-rc));
		return 1;
	}
	if (viewer && !strcmp(viewer, "konqueror"))
		exec_konqueror(page);
	else if (viewer && *viewer && strcmp(viewer, "man"))
		fprintf(stderr, "warning: unknown DAXCTL_MAN_VIEWER '%s', using man\n",
				viewer);
	execlp("man", "man", page, (char *)NULL);
	fprintf(stderr, "error: cannot run man: %s\n", strerror(errno));
	return 1;
}

int cmd_help(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	char page[64];
	const char *name;

	if (argc < 2) {
		daxctl_usage(stdout);
		return 0;
	}
	name = argv[1];
	if (!strcmp(name, "daxctl"))
		return show_man_page("daxctl");
	if (!daxctl_is_command(name)) {
		fprintf(stderr, "Unknown command: '%s'\n", name);
		return 1;
	}
	snprintf(page, sizeof(page), "daxctl-%s", name);
	return show_man_page(page);
}
