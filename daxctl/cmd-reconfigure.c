// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxctl reconfigure-device: change a device's mode (system-ram through
 * kmem, devdax, or famfs through fsdev_dax), its memmap_on_memory request,
 * size or alignment. Every
 * change is checked before the first write and undone if a later step
 * fails, so a device ends either as requested or as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libdaxctl.h>

#include "conffile.h"
#include "daxctl.h"
#include "device.h"
#include "hotplug.h"
#include "options.h"

#define AUTO_ONLINE_PATH "/sys/devices/system/memory/auto_online_blocks"

enum mode_req {
	MODE_KEEP = 0,
	MODE_SYSTEM_RAM,
	MODE_DEVDAX,
	MODE_FAMFS,
};

struct reconfig {
	struct dev_opts o;
	struct opt_size size, align;
	const char *input;	/* accepted for compatibility, unused */
	const char *mode_arg;
	bool no_online, force, check_config, no_movable;
	int memmap;		/* -1: leave the kernel's choice */
	enum mode_req mode;
	struct dax_conf conf;	/* with --check-config */
};

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

/* ---- system-ram ---- */

/* Will the kernel online the new blocks against the request? */
static int policy_check(struct daxctl_dev *dev, const struct reconfig *p)
{
	const char *policy = daxctl_get_auto_online_policy(daxctl_dev_get_ctx(dev));
	bool conflict;

	if (!policy) {
		dev_warn(dev, "%s is unreadable: the kernel may online the memory itself",
				AUTO_ONLINE_PATH);
		return 0;
	}
	if (strncmp(policy, "online", strlen("online")))
		return 0;
	if (p->no_online)
		conflict = true;
	else if (p->no_movable)
		conflict = !strcmp(policy, "online_movable");
	else
		conflict = strcmp(policy, "online_movable") != 0;
	if (!conflict)
		return 0;
	if (p->force) {
		dev_warn(dev, "%s is %s: the kernel onlines the memory itself",
				AUTO_ONLINE_PATH, policy);
		return 0;
	}
	return dev_err(dev, "reconfigure to system-ram", -EBUSY,
		"kernel policy will auto-online memory: %s is %s; "
		"boot with memhp_default_state=offline, or use --force",
		AUTO_ONLINE_PATH, policy);
}

/* kmem refuses these in its probe; say so before anything changes. */
static int ram_preflight(struct daxctl_dev *dev, const struct reconfig *p)
{
	const char *op = "reconfigure to system-ram";
	unsigned long long size = daxctl_dev_get_size(dev);
	unsigned long long usable = daxctl_dev_get_usable_ram_size(dev);
	char a[32], b[32];

	if (!size)
		return dev_err(dev, op, -EINVAL, "the device has size 0");
	if (daxctl_dev_get_target_node(dev) < 0)
		return dev_err(dev, op, -EINVAL,
			"firmware gives no NUMA node for this range; "
			"kmem cannot hot-add it");
	if (!usable && geteuid())
		return dev_err(dev, op, -EACCES, "reconfiguring needs root");
	if (!usable)
		return dev_err(dev, op, -EINVAL,
			"smaller than one memory block: kmem would refuse it");
	if (usable < size) {
		size_text(usable, a, sizeof(a));
		size_text(size, b, sizeof(b));
		dev_warn(dev, "only %s of %s can be hot-added: "
				"kmem uses whole memory blocks", a, b);
	}
	return policy_check(dev, p);
}

/* After a bind with --no-online: did someone else online the memory? */
static void report_auto_online(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	const char *policy;
	int n;

	if (!mem)
		return;
	n = daxctl_memory_is_online(mem);
	if (n <= 0)
		return;
	policy = daxctl_get_auto_online_policy(daxctl_dev_get_ctx(dev));
	dev_warn(dev, "%d memory block%s went online without daxctl "
			"(%s is %s, or a udev rule onlines memory)",
			n, plural(n), AUTO_ONLINE_PATH,
			policy ? policy : "unreadable");
}

/* From unbound: kmem, then online. */
static int ram_bind(struct daxctl_dev *dev, const struct reconfig *p)
{
	int rc = daxctl_dev_enable_ram(dev);

	if (rc)
		return bind_err(dev, "bind kmem", rc);
	if (p->no_online) {
		report_auto_online(dev);
		return 0;
	}
	return mem_online(dev, !p->no_movable, p->o.verbose);
}

/*
 * A request of 1 that the kernel ignores: without the global parameter it
 * puts the memmap in other memory, silently (CXL devices default to 1).
 */
static bool memmap_possible(struct daxctl_dev *dev)
{
	int param = daxctl_get_memmap_on_memory_param(daxctl_dev_get_ctx(dev));

	return param == DAXCTL_MEMMAP_PARAM_ON || param == DAXCTL_MEMMAP_PARAM_FORCE;
}

/*
 * A kmem-bound device: 0 if memmap_on_memory already is as requested, 1 if
 * it must change and the unplug may go ahead, else -errno. With every
 * block offline the unplug loses nothing; with online memory it takes
 * --force.
 */
static int memmap_change(struct daxctl_dev *dev, const struct reconfig *p,
		const struct dev_snapshot *saved)
{
	int rc;

	if (p->memmap == 1 && saved->memmap == 1 && !memmap_possible(dev))
		return memmap_err(dev, true, -EOPNOTSUPP);
	if (p->memmap < 0 || saved->memmap == p->memmap)
		return 0;
	/* the kernel reports EOPNOTSUPP or ENOENT before EBUSY */
	rc = daxctl_dev_set_memmap_on_memory(dev, p->memmap);
	if (rc != -EBUSY)
		return memmap_err(dev, p->memmap, rc);
	if (p->force || saved->online == 0)
		return 1;
	return dev_err(dev, p->memmap ? "set memmap_on_memory=1" :
			"set memmap_on_memory=0", -EBUSY,
		"the device is in system-ram mode with memmap_on_memory=%d and "
		"%d memory block%s online; --force will offline them, unbind "
		"kmem, change it, bind and online again",
		saved->memmap, saved->online, plural(saved->online));
}

static int already_ram(struct daxctl_dev *dev, const struct reconfig *p)
{
	dev_info(dev, "already in system-ram mode");
	if (p->no_online)
		return 0;
	return mem_online(dev, !p->no_movable, p->o.verbose);
}

/* Already system-ram: change memmap_on_memory if asked, else online. */
static int change_memmap(struct daxctl_dev *dev, const struct reconfig *p,
		const struct dev_snapshot *saved)
{
	int rc = memmap_change(dev, p, saved);

	if (rc <= 0)
		return rc ? rc : already_ram(dev, p);
	rc = ram_unplug(dev, p->o.verbose);
	if (!rc)
		rc = set_memmap(dev, p->memmap);
	if (!rc)
		rc = ram_bind(dev, p);
	if (rc)
		dev_restore(dev, saved);
	return rc;
}

/* Unbind device_dax or fsdev_dax (nothing is hot-plugged there). */
static int unbind_dax(struct daxctl_dev *dev, int mode)
{
	int rc = daxctl_dev_disable(dev);

	if (rc)
		dev_err(dev, mode == DEV_FAMFS ? "unbind fsdev_dax" :
				"unbind device_dax", rc, NULL);
	return rc;
}

static int to_system_ram(struct daxctl_dev *dev, const struct reconfig *p)
{
	struct dev_snapshot saved;
	int rc;

	dev_snapshot(dev, &saved);
	if (saved.mode == DEV_SYSTEM_RAM)
		return change_memmap(dev, p, &saved);
	rc = ram_preflight(dev, p);
	if (rc)
		return rc;
	/* allowed while device_dax is bound; kmem reads it when it binds */
	if (p->memmap >= 0) {
		rc = set_memmap(dev, p->memmap);
		if (rc)
			return rc;
	}
	if (saved.mode == DEV_DEVDAX || saved.mode == DEV_FAMFS)
		rc = unbind_dax(dev, saved.mode);
	if (!rc)
		rc = ram_bind(dev, p);
	if (rc)
		dev_restore(dev, &saved);
	return rc;
}

/* ---- devdax ---- */

static int to_devdax(struct daxctl_dev *dev, const struct reconfig *p)
{
	struct dev_snapshot saved;
	int rc = 0;

	dev_snapshot(dev, &saved);
	if (saved.mode == DEV_DEVDAX) {
		dev_info(dev, "already in devdax mode");
		return 0;
	}
	if (saved.mode == DEV_SYSTEM_RAM) {
		if (saved.online > 0 && !p->force)
			return dev_err(dev, "reconfigure to devdax", -EBUSY,
				"%d memory block%s online; --force offlines %s first",
				saved.online, plural(saved.online),
				saved.online == 1 ? "it" : "them");
		rc = ram_unplug(dev, p->o.verbose);
	}
	if (saved.mode == DEV_FAMFS)
		rc = unbind_dax(dev, saved.mode);
	if (!rc) {
		rc = daxctl_dev_enable_devdax(dev);
		if (rc)
			bind_err(dev, "bind device_dax", rc);
	}
	if (rc)
		dev_restore(dev, &saved);
	return rc;
}

/* ---- famfs ---- */

/* fsdev_dax (Linux 7.3+) takes a devdax or unbound device, never system-ram. */
static int to_famfs(struct daxctl_dev *dev, const struct reconfig *p)
{
	struct dev_snapshot saved;
	int rc = 0;

	dev_snapshot(dev, &saved);
	if (saved.mode == DEV_FAMFS) {
		dev_info(dev, "already in famfs mode");
		return 0;
	}
	if (saved.mode == DEV_SYSTEM_RAM)
		return dev_err(dev, "reconfigure to famfs", -EINVAL,
			"the device is in system-ram mode; must be in devdax mode "
			"to convert to famfs: reconfigure-device -m devdax first");
	if (saved.mode == DEV_DEVDAX)
		rc = unbind_dax(dev, saved.mode);
	if (!rc) {
		rc = daxctl_dev_enable_famfs(dev);
		if (rc)
			bind_err(dev, "bind fsdev_dax", rc);
	}
	if (rc)
		dev_restore(dev, &saved);
	return rc;
}

/* ---- size and alignment ---- */

/* Every range must be aligned for an align change without a resize. */
static int check_ranges(struct daxctl_dev *dev, unsigned long long align)
{
	struct daxctl_mapping *m;
	char a[32];

	daxctl_mapping_foreach(dev, m) {
		unsigned long long start = daxctl_mapping_get_start(m);
		unsigned long long end = daxctl_mapping_get_end(m);

		if (start % align == 0 && (end + 1) % align == 0)
			continue;
		size_text(align, a, sizeof(a));
		return dev_err(dev, "set align", -EINVAL,
			"range %#llx-%#llx is not %s aligned; "
			"resize the device to 0 first",
			start, end, a);
	}
	return 0;
}

static int resize_check(struct daxctl_dev *dev, const struct reconfig *p,
		unsigned long long size, unsigned long long align)
{
	struct daxctl_region *region = daxctl_dev_get_region(dev);
	unsigned long long cur = daxctl_dev_get_size(dev);
	char a[32], b[32];

	if (daxctl_dev_is_system_ram(dev) == DEV_SYSTEM_RAM)
		return dev_err(dev, "resize", -EBUSY,
			"the device is in system-ram mode; "
			"reconfigure it to devdax first");
	if (align && size % align) {
		size_text(size, a, sizeof(a));
		size_text(align, b, sizeof(b));
		return dev_err(dev, "resize", -EINVAL,
				"%s is not a multiple of the %s alignment", a, b);
	}
	if (size > cur && size - cur > daxctl_region_get_available_size(region)) {
		size_text(daxctl_region_get_available_size(region), a, sizeof(a));
		return dev_err(dev, "resize", -ENOSPC,
				"the region has %s available", a);
	}
	if (p->align.set && !p->size.set)
		return check_ranges(dev, align);
	return 0;
}

static int geometry_err(struct daxctl_dev *dev, const char *op, int rc)
{
	if (rc == -EACCES || rc == -EPERM)
		return dev_err(dev, op, rc,
			"static (pmem) regions cannot be resized; needs root otherwise");
	return dev_err(dev, op, rc, NULL);
}

/* Write align, then size; on failure put the old values back. */
static int set_geometry(struct daxctl_dev *dev, const struct reconfig *p)
{
	unsigned long old_align = daxctl_dev_get_align(dev);
	int rc = 0;

	if (p->align.set && p->align.bytes != old_align) {
		rc = daxctl_dev_set_align(dev, p->align.bytes);
		if (rc)
			return geometry_err(dev, "set align", rc);
	}
	if (p->size.set && p->size.bytes != daxctl_dev_get_size(dev)) {
		rc = daxctl_dev_set_size(dev, p->size.bytes);
		if (rc)
			geometry_err(dev, "set size", rc);
	}
	if (rc && p->align.set && p->align.bytes != old_align)
		daxctl_dev_set_align(dev, old_align);
	return rc;
}

static int resize(struct daxctl_dev *dev, const struct reconfig *p)
{
	unsigned long long size = p->size.set ? p->size.bytes :
		daxctl_dev_get_size(dev);
	unsigned long long align = p->align.set ? p->align.bytes :
		daxctl_dev_get_align(dev);
	bool enabled = daxctl_dev_is_enabled(dev);
	bool famfs = dev_mode_now(dev) == DEV_FAMFS;
	int rc, rc2 = 0;

	rc = resize_check(dev, p, size, align);
	if (rc)
		return rc;
	/* the kernel refuses both writes while a driver is bound */
	if (enabled) {
		rc = daxctl_dev_disable(dev);
		if (rc)
			return dev_err(dev, "unbind device_dax", rc, NULL);
	}
	rc = set_geometry(dev, p);
	if (enabled && daxctl_dev_get_size(dev))
		rc2 = famfs ? daxctl_dev_enable_famfs(dev) :
			daxctl_dev_enable_devdax(dev);
	if (rc2)
		bind_err(dev, famfs ? "bind fsdev_dax" : "bind device_dax", rc2);
	return rc ? rc : rc2;
}

/* ---- --check-config ---- */

static int apply_config(struct daxctl_dev *dev, const struct reconfig *p)
{
	const struct conf_section *s;
	struct reconfig q = *p;
	int rc = conf_match(&p->conf, dev, &s);

	if (rc == 1)
		dev_info(dev, "no configuration section matches; left alone");
	if (rc)
		return rc;
	if (p->o.verbose)
		dev_info(dev, "applying [reconfigure-device %s] from %s",
				s->name, s->file);
	q.no_online = s->online == 0;
	q.no_movable = s->movable == 0;
	q.memmap = s->memmap;
	if (s->mode != CONF_MODE_DEVDAX && s->mode != CONF_MODE_FAMFS)
		return to_system_ram(dev, &q);
	if (q.no_online || q.memmap >= 0)
		return dev_err(dev, "check config", -EINVAL,
			"%s: [reconfigure-device %s]: online and memmap_on_memory "
			"need mode = system-ram", s->file, s->name);
	return s->mode == CONF_MODE_FAMFS ? to_famfs(dev, &q) : to_devdax(dev, &q);
}

/* ---- the command ---- */

static int reconfigure_one(struct daxctl_dev *dev, void *arg)
{
	const struct reconfig *p = arg;

	if (p->check_config)
		return apply_config(dev, p);
	if (p->size.set || p->align.set)
		return resize(dev, p);
	if (p->mode == MODE_SYSTEM_RAM)
		return to_system_ram(dev, p);
	if (p->mode == MODE_FAMFS)
		return to_famfs(dev, p);
	return to_devdax(dev, p);
}

static int parse_mode(struct reconfig *p, const struct opt_cmd *cmd)
{
	if (!p->mode_arg)
		p->mode = MODE_KEEP;
	else if (!strcmp(p->mode_arg, "system-ram"))
		p->mode = MODE_SYSTEM_RAM;
	else if (!strcmp(p->mode_arg, "devdax"))
		p->mode = MODE_DEVDAX;
	else if (!strcmp(p->mode_arg, "famfs"))
		p->mode = MODE_FAMFS;
	else
		return usage_error(cmd,
			"unknown mode '%s': expected system-ram, devdax or famfs",
			p->mode_arg);
	return 0;
}

static bool power_of_2(unsigned long long v)
{
	return v && !(v & (v - 1));
}

/* The option rules of compat-surface §5, checked before any device. */
static int resolve(struct reconfig *p, const struct opt_cmd *cmd)
{
	bool geometry = p->size.set || p->align.set;

	if (parse_mode(p, cmd))
		return EXIT_USAGE;
	if (!geometry && p->mode == MODE_KEEP && !p->check_config)
		return usage_error(cmd,
			"a 'align', 'mode' or 'size' option is required");
	if (p->check_config && (p->mode_arg || p->no_online || p->no_movable ||
				p->memmap >= 0))
		return usage_error(cmd,
			"--check-config takes mode, online, movable and "
			"memmap_on_memory from the config files");
	if (p->check_config && geometry)
		return usage_error(cmd,
			"--check-config cannot be combined with --size or --align");
	if (p->align.set && !power_of_2(p->align.bytes))
		return usage_error(cmd, "--align must be a power of two");
	if (geometry && p->mode != MODE_KEEP) {
		fprintf(stderr, "warning: --mode is ignored with --size or --align\n");
		p->mode = MODE_KEEP;
	}
	if (p->mode == MODE_DEVDAX && p->no_online)
		return usage_error(cmd,
			"--no-online is incompatible with --mode=devdax");
	if (p->mode == MODE_FAMFS && p->no_online)
		return usage_error(cmd,
			"--no-online is incompatible with --mode=famfs");
	if (p->memmap >= 0 && p->mode != MODE_SYSTEM_RAM)
		return usage_error(cmd,
			"--[no-]memmap-on-memory needs --mode=system-ram");
	return 0;
}

int cmd_reconfigure(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct reconfig p = { .memmap = -1 };
	const struct opt opts[] = {
		OPT_DEV_COMMON(&p.o),
		OPT_SZ('s', "size", &p.size, "size", "resize the device"),
		OPT_SZ('a', "align", &p.align, "align", "change the alignment"),
		OPT_STR(0, "input", &p.input, "input",
			"device JSON file (accepted, not used)"),
		OPT_STR('m', "mode", &p.mode_arg, "mode",
			"system-ram, devdax or famfs"),
		OPT_BOOLEAN('N', "no-online", &p.no_online,
			"do not online the memory"),
		OPT_BOOLEAN('f', "force", &p.force,
			"offline memory first; ignore the auto-online policy"),
		OPT_BOOLEAN('C', "check-config", &p.check_config,
			"take the parameters from the config files"),
		OPT_BOOLEAN(0, "no-movable", &p.no_movable,
			"online memory to ZONE_NORMAL, not ZONE_MOVABLE"),
		OPT_TRI("memmap-on-memory", &p.memmap,
			"with system-ram: keep the memmap on the device (or not)"),
		OPT_DONE,
	};
	const struct opt_cmd cmd = {
		"daxctl reconfigure-device <device> [<options>]", opts
	};
	struct dev_action a = {
		.what = "reconfigure",
		.doing = "reconfiguring devices",
		.done = "reconfigured",
		.json = true,
		.fn = reconfigure_one,
		.arg = &p,
	};
	int rc, nr;

	rc = parse_options(argc - 1, argv + 1, &cmd, &nr);
	if (!rc)
		rc = dev_action_check(&cmd, &a, nr);
	if (!rc)
		rc = resolve(&p, &cmd);
	if (rc)
		return rc;
	/* as upstream: a resize or realignment prints no JSON */
	a.json = !p.size.set && !p.align.set;
	if (p.check_config) {
		rc = conf_load(daxctl_get_config_path(ctx), &p.conf);
		if (rc)
			return rc;
	}
	rc = dev_action_run(ctx, &cmd, &p.o, &a, nr, argv + 1);
	conf_release(&p.conf);
	return rc;
}
