// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxctl migrate-device-model: link our modprobe snippet, which steers
 * nvdimm dax devices from the legacy /sys/class/dax model (dax_pmem_compat)
 * to the dax bus (dax_pmem), into /etc/modprobe.d. It takes effect at the
 * next boot or module reload.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <config.h>

#include "daxctl.h"
#include "options.h"

/* Already linked to our snippet? */
static bool installed(void)
{
	char target[PATH_MAX];
	ssize_t len;

	len = readlink(DAXCTL_MODPROBE_INSTALL, target, sizeof(target) - 1);
	if (len < 0)
		return false;
	target[len] = '\0';
	return !strcmp(target, DAXCTL_MODPROBE_DATA);
}

int cmd_migrate(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	const struct opt opts[] = { OPT_DONE };
	const struct opt_cmd cmd = { "daxctl migrate-device-model", opts };
	int rc;

	rc = parse_options_only(argc, argv, &cmd);
	if (rc)
		return rc;
	rc = symlink(DAXCTL_MODPROBE_DATA, DAXCTL_MODPROBE_INSTALL) ? -errno : 0;
	if (rc == -EEXIST && installed())
		rc = 0;
	if (rc) {
		fprintf(stderr, "error: cannot link %s to %s: %s\n",
				DAXCTL_MODPROBE_INSTALL, DAXCTL_MODPROBE_DATA,
				strerror(-rc));
		return 1;
	}
	printf("success: installed %s\n", DAXCTL_MODPROBE_INSTALL);
	return 0;
}
