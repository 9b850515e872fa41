// SPDX-License-Identifier: LGPL-2.1-or-later
/* Kernel-wide memory hotplug settings that decide what kmem's blocks do. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

static const struct {
	const char *value;
	enum daxctl_memmap_param param;
} memmap_params[] = {
	{ "N", DAXCTL_MEMMAP_PARAM_OFF },
	{ "Y", DAXCTL_MEMMAP_PARAM_ON },
	{ "force", DAXCTL_MEMMAP_PARAM_FORCE },
	{ "FORCE", DAXCTL_MEMMAP_PARAM_FORCE },
};

/* Only with CONFIG_MHP_MEMMAP_ON_MEMORY; fixed at boot (0444): read once. */
DAXCTL_EXPORT int daxctl_get_memmap_on_memory_param(struct daxctl_ctx *ctx)
{
	char buf[16];
	size_t i;
	int rc;

	if (!ctx)
		return -EINVAL;
	if (ctx->memmap_param_read)
		return ctx->memmap_param;
	rc = sysfs_read_str(ctx, ctx_dir(ctx, SYS_HOTPLUG_PARAMS),
			"memmap_on_memory", buf, sizeof(buf));
	for (i = 0; !rc && i < ARRAY_SIZE(memmap_params); i++)
		if (!strcmp(buf, memmap_params[i].value))
			break;
	if (!rc && i == ARRAY_SIZE(memmap_params)) {
		err(ctx, "%s/memmap_on_memory: unexpected \"%s\"",
				ctx_dir(ctx, SYS_HOTPLUG_PARAMS)->path, buf);
		rc = -EINVAL;
	}
	ctx->memmap_param = rc ? rc : (int)memmap_params[i].param;
	ctx->memmap_param_read = true;
	return ctx->memmap_param;
}

DAXCTL_EXPORT const char *daxctl_get_auto_online_policy(struct daxctl_ctx *ctx)
{
	if (!ctx)
		return NULL;
	if (sysfs_read_str(ctx, ctx_dir(ctx, SYS_MEMORY), "auto_online_blocks",
				ctx->auto_online, sizeof(ctx->auto_online)))
		return NULL;
	return ctx->auto_online;
}

DAXCTL_EXPORT const char *daxctl_get_online_policy(struct daxctl_ctx *ctx)
{
	if (!ctx)
		return NULL;
	if (sysfs_read_str(ctx, ctx_dir(ctx, SYS_HOTPLUG_PARAMS),
				"online_policy", ctx->online_policy,
				sizeof(ctx->online_policy)))
		return NULL;
	return ctx->online_policy;
}

/* "online", "online_kernel", "online_movable": the set grew, so match the prefix. */
DAXCTL_EXPORT int daxctl_dev_will_auto_online_memory(struct daxctl_dev *dev)
{
	const char *policy;

	if (!dev)
		return -EINVAL;
	policy = daxctl_get_auto_online_policy(dev->region->ctx);
	if (!policy) {
		err(dev->region->ctx, "%s/auto_online_blocks unreadable: policy unknown",
				ctx_dir(dev->region->ctx, SYS_MEMORY)->path);
		return -ENXIO;
	}
	return strncmp(policy, "online", 6) == 0;
}

DAXCTL_EXPORT int daxctl_dev_has_online_memory(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem;

	if (!dev)
		return -EINVAL;
	mem = daxctl_dev_get_memory(dev);
	if (!mem)
		return 0;
	return daxctl_memory_is_online(mem);
}
