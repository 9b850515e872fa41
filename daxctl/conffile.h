/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reconfigure-device sections of the *.conf files in the config
 * directory (/etc/daxctl.conf.d), for reconfigure-device --check-config.
 */
#ifndef _DAXCTL_CONFFILE_H_
#define _DAXCTL_CONFFILE_H_

#include <stdbool.h>
#include <uuid/uuid.h>

struct daxctl_dev;

enum conf_mode {
	CONF_MODE_UNSET = 0,
	CONF_MODE_SYSTEM_RAM,
	CONF_MODE_DEVDAX,
	CONF_MODE_FAMFS,	/* fsdev_dax, as ndctl 85's -m famfs */
};

struct conf_section {
	char *file;		/* for messages */
	char *name;		/* what follows "reconfigure-device " */
	char *bad;		/* why the section is malformed, or NULL */
	bool bad_match;		/* ... in a way that hides what it matches */
	/* match keys; every one given must match */
	char *device;
	char *cxl_region;
	bool has_uuid, has_phys;
	uuid_t uuid;
	unsigned long long phys_addr;
	/* settings */
	enum conf_mode mode;
	int online, movable, memmap;	/* -1 when unset */
};

struct dax_conf {
	struct conf_section *secs;	/* in the order read: last wins */
	int nr;
	int broken;	/* -EINVAL: a file did not parse (reported); the others still apply */
};

/*
 * Read every *.conf file in @dir, alphabetically. 0, or -errno (printed)
 * with @conf released. A file that does not parse is reported and skipped:
 * conf->broken is then -EINVAL, for the command's exit status.
 */
int conf_load(const char *dir, struct dax_conf *conf);
void conf_release(struct dax_conf *conf);

/*
 * The section that applies to @dev: 0 with *sec set, 1 if none does, or
 * -EINVAL when a section that may apply is malformed (printed).
 */
int conf_match(const struct dax_conf *conf, struct daxctl_dev *dev,
		const struct conf_section **sec);

#endif /* _DAXCTL_CONFFILE_H_ */
