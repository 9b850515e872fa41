// SPDX-License-Identifier: GPL-2.0-only
/*
 * The LIBDAXCTL_11 calls (ndctl 85) as a program built against Debian's 85
 * header sees them. test/lib/diff85.sh compiles this file with that header,
 * runs it on a fixture once with Debian's libdaxctl.so.1 85 and once with
 * ours, and compares the output line by line. One line per device:
 *   daxX.Y mode=M ram=R devdax=D famfs=F capable=C enabled=E
 * then, with "enable" as argument, what the enable and disable calls return
 * on each device (the fixture's files take the writes; nothing binds).
 */
#include <stdio.h>
#include <string.h>

#include <daxctl/libdaxctl.h>

/* The header's declaration, checked by the compiler: int since 85. */
static int (*const capable)(struct daxctl_dev *) = daxctl_dev_is_system_ram_capable;
static enum daxctl_dev_mode (*const get_mode)(struct daxctl_dev *) = daxctl_dev_get_mode;

static const char *mode_name(enum daxctl_dev_mode m)
{
	switch (m) {
	case DAXCTL_DEV_MODE_UNKNOWN:
		return "unknown";
	case DAXCTL_DEV_MODE_DEVDAX:
		return "devdax";
	case DAXCTL_DEV_MODE_RAM:
		return "system-ram";
	case DAXCTL_DEV_MODE_FAMFS:
		return "famfs";
	case DAXCTL_DEV_MODE_END:
		break;
	}
	return "out-of-range";
}

static void show(struct daxctl_dev *dev)
{
	enum daxctl_dev_mode m = get_mode(dev);

	printf("%s mode=%d(%s) ram=%d devdax=%d famfs=%d capable=%d enabled=%d\n",
			daxctl_dev_get_devname(dev), (int)m, mode_name(m),
			daxctl_dev_is_system_ram_mode(dev),
			daxctl_dev_is_devdax_mode(dev),
			daxctl_dev_is_famfs_mode(dev), capable(dev),
			daxctl_dev_is_enabled(dev));
}

static void enable(struct daxctl_dev *dev)
{
	const char *name = daxctl_dev_get_devname(dev);
	int was = daxctl_dev_is_enabled(dev);

	printf("%s enabled=%d enable_famfs=%d", name, was,
			daxctl_dev_enable_famfs(dev));
	if (was)
		printf(" enable_devdax=%d enable_ram=%d",
				daxctl_dev_enable_devdax(dev),
				daxctl_dev_enable_ram(dev));
	printf(" mode=%d\n", (int)get_mode(dev));
}

int main(int argc, char **argv)
{
	struct daxctl_region *region;
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;
	int do_enable = argc > 1 && !strcmp(argv[1], "enable");

	if (daxctl_new(&ctx) < 0) {
		printf("daxctl_new failed\n");
		return 1;
	}
	printf("DAXCTL_DEV_MODE_END=%d\n", DAXCTL_DEV_MODE_END);
	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev) {
			show(dev);
			if (do_enable)
				enable(dev);
		}
	daxctl_unref(ctx);
	return 0;
}
