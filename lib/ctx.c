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

int ptr_array_add(void ***array, int *nr, void *obj)
{
	void **a = realloc(*array, sizeof(void *) * (*nr + 1));

	if (!a)
		return -ENOMEM;
	a[(*nr)++] = obj;
	*array = a;
	return 0;
}

DAXCTL_EXPORT int daxctl_new(struct daxctl_ctx **ctx)
{
	struct daxctl_ctx *c;

	if (!ctx)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
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
	free(ctx);
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
