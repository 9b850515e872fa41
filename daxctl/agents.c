// SPDX-License-Identifier: GPL-2.0-only
/*
 * Naming the agents that online memory behind daxctl's back. The udev
 * rules are plain configuration files, not kernel files, so the CLI reads
 * them itself; the kernel policy comes through the library.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libdaxctl.h>

#include "agents.h"

#define MAX_RULES 4

static const char *const rule_dirs[] = {
	"/etc/udev/rules.d", "/run/udev/rules.d",
	"/usr/lib/udev/rules.d", "/lib/udev/rules.d",
};

/* SUBSYSTEM=="memory", spaces allowed around ==, comments skipped. */
static bool line_matches(const char *line)
{
	const char *p = strstr(line, "SUBSYSTEM");
	const char *hash = strchr(line, '#');

	if (!p || (hash && hash < p))
		return false;
	p += strlen("SUBSYSTEM");
	p += strspn(p, " \t");
	if (strncmp(p, "==", 2))
		return false;
	p += 2;
	p += strspn(p, " \t");
	return !strncmp(p, "\"memory\"", 8);
}

static int scan_file(const char *path, char *buf, int len, int *used, int found)
{
	char line[1024];
	int n = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return found;
	while (found < MAX_RULES && fgets(line, sizeof(line), f)) {
		n++;
		if (!line_matches(line))
			continue;
		*used += snprintf(buf + *used, len - *used, "%s%s:%d",
				found ? ", " : "", path, n);
		if (*used >= len)
			*used = len - 1;
		found++;
	}
	fclose(f);
	return found;
}

static int scan_dir(const char *dir, char *buf, int len, int *used, int found)
{
	char path[512];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return found;
	while (found < MAX_RULES && (de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l < 7 || strcmp(de->d_name + l - 6, ".rules"))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
				(int)sizeof(path))
			continue;
		found = scan_file(path, buf, len, used, found);
	}
	closedir(d);
	return found;
}

void agents_text(struct daxctl_ctx *ctx, char *buf, int len)
{
	const char *policy = daxctl_get_auto_online_policy(ctx);
	int used, found = 0;
	size_t i;

	used = snprintf(buf, len, "auto_online_blocks is %s",
			policy ? policy : "unreadable");
	if (used >= len)
		return;
	used += snprintf(buf + used, len - used, "; udev rules matching "
			"SUBSYSTEM==\"memory\": ");
	if (used >= len)
		return;
	for (i = 0; i < sizeof(rule_dirs) / sizeof(rule_dirs[0]); i++)
		found = scan_dir(rule_dirs[i], buf, len, &used, found);
	if (!found && used < len)
		snprintf(buf + used, len - used, "none found");
}
