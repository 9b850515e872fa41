// SPDX-License-Identifier: LGPL-2.1-or-later
/* The library context: reference count, logging, config path, regions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"
#include "config.h"

static void _printf_(6, 0) log_stderr(struct daxctl_ctx *ctx, int priority,
		const char *file, int line, const char *fn, const char *format,
		va_list args)
{
	fprintf(stderr, "libdaxctl: %s: ", fn);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

void daxctl_log(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	ctx->log_fn(ctx, priority, file, line, fn, format, args);
	va_end(args);
}

static const struct {
	const char *name;
	int priority;
} log_names[] = {
	{ "err", LOG_ERR },
	{ "info", LOG_INFO },
	{ "notice", LOG_NOTICE },
	{ "debug", LOG_DEBUG },
};

static int log_priority_from_env(void)
{
	const char *s = secure_getenv("DAXCTL_LOG");
	char *end;
	long v;
	size_t i;

	if (!s || !*s)
		return LOG_ERR;
	for (i = 0; i < ARRAY_SIZE(log_names); i++)
		if (!strcmp(s, log_names[i].name))
			return log_names[i].priority;
	v = strtol(s, &end, 10);
	if (*end || v < LOG_EMERG || v > LOG_DEBUG)
		return LOG_ERR;
	return (int)v;
}

static const char * const sys_dir_paths[SYS_DIR_COUNT] = {
	[SYS_BUS_DAX_DEVICES] = "/sys/bus/dax/devices",
	[SYS_BUS_DAX_DRIVERS] = "/sys/bus/dax/drivers",
	[SYS_CLASS_DAX] = "/sys/class/dax",
	[SYS_MEMORY] = "/sys/devices/system/memory",
	[SYS_NODE] = "/sys/devices/system/node",
	[SYS_HOTPLUG_PARAMS] = "/sys/module/memory_hotplug/parameters",
};

struct sysfs_dir *ctx_dir(struct daxctl_ctx *ctx, enum sys_dir which)
{
	return &ctx->sys[which];
}

static void ctx_free(struct daxctl_ctx *c)
{
	int i;

	for (i = 0; i < SYS_DIR_COUNT; i++)
		sysfs_dir_release(c, &c->sys[i]);
	free(c);
}

DAXCTL_EXPORT int daxctl_new(struct daxctl_ctx **ctx)
{
	struct daxctl_ctx *c;
	int i;

	if (!ctx)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	for (i = 0; i < SYS_DIR_COUNT; i++) {
		if (sysfs_dir_init(&c->sys[i], sys_dir_paths[i])) {
			ctx_free(c);
			return -ENOMEM;
		}
		/* only the memory blocks directory is read often enough for an fd */
		c->sys[i].by_path = i != SYS_MEMORY;
	}
	c->refcount = 1;
	c->log_fn = log_stderr;
	c->log_priority = log_priority_from_env();
	c->config_path = DAXCTL_CONF_DIR;
	*ctx = c;
	dbg(c, "ctx %p created", (void *)c);
	return 0;
}

DAXCTL_EXPORT struct daxctl_ctx *daxctl_ref(struct daxctl_ctx *ctx)
{
	if (ctx)
		ctx->refcount++;
	return ctx;
}

DAXCTL_EXPORT void daxctl_unref(struct daxctl_ctx *ctx)
{
	int i;

	if (!ctx || --ctx->refcount > 0)
		return;
	for (i = 0; i < ctx->nr_regions; i++)
		region_free(ctx->regions[i]);
	free(ctx->regions);
	ctx_forget_node_pages(ctx);
	ctx_free(ctx);
}

DAXCTL_EXPORT void daxctl_set_log_fn(struct daxctl_ctx *ctx,
		void (*log_fn)(struct daxctl_ctx *ctx, int priority,
			const char *file, int line, const char *fn,
			const char *format, va_list args))
{
	if (ctx)
		ctx->log_fn = log_fn ? log_fn : log_stderr;
}

DAXCTL_EXPORT int daxctl_get_log_priority(struct daxctl_ctx *ctx)
{
	return ctx ? ctx->log_priority : -EINVAL;
}

DAXCTL_EXPORT void daxctl_set_log_priority(struct daxctl_ctx *ctx, int priority)
{
	if (ctx)
		ctx->log_priority = priority;
}

DAXCTL_EXPORT void daxctl_set_userdata(struct daxctl_ctx *ctx, void *userdata)
{
	if (ctx)
		ctx->userdata = userdata;
}

DAXCTL_EXPORT void *daxctl_get_userdata(struct daxctl_ctx *ctx)
{
	return ctx ? ctx->userdata : NULL;
}

DAXCTL_EXPORT int daxctl_set_config_path(struct daxctl_ctx *ctx,
		char *config_path)
{
	if (!ctx || !config_path)
		return -EINVAL;
	ctx->config_path = config_path;
	return 0;
}

DAXCTL_EXPORT const char *daxctl_get_config_path(struct daxctl_ctx *ctx)
{
	return ctx ? ctx->config_path : NULL;
}
