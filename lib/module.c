// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Kernel module loading through libkmod, opened on first use. The dax
 * drivers are usually built in or loaded already, so most runs never need
 * it, and linking it would make every run pay for relocating libkmod and
 * what it pulls in (libcrypto, libzstd, liblzma) at start-up.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <libkmod.h>

#include "private.h"

/*
 * The dlopen() below declared to packaging tools, which cannot see it in
 * DT_NEEDED: an ELF note as https://systemd.io/ELF_DLOPEN_METADATA/ defines
 * it (owner "FDO", type 0x407c0c0a, a NUL-terminated JSON array as the
 * descriptor). Debian's libdaxctl1 also names libkmod2 in its Depends.
 */
#define DLOPEN_NOTE_TYPE 0x407c0c0a
#define DLOPEN_NOTE_JSON "[{\"feature\":\"kmod\"," \
	"\"description\":\"Load the dax and kmem kernel modules\"," \
	"\"priority\":\"required\",\"soname\":[\"libkmod.so.2\"]}]"

struct dlopen_note {
	uint32_t namesz;
	uint32_t descsz;
	uint32_t type;
	char name[4];
	char desc[(sizeof(DLOPEN_NOTE_JSON) + 3) & ~3];
};

__attribute__((used, section(".note.dlopen"), aligned(4)))
static const struct dlopen_note kmod_dlopen_note = {
	.namesz = sizeof("FDO"),
	.descsz = sizeof(DLOPEN_NOTE_JSON),
	.type = DLOPEN_NOTE_TYPE,
	.name = "FDO",
	.desc = DLOPEN_NOTE_JSON,
};

struct kmod_api {
	void *handle;
	struct kmod_ctx *(*new)(const char *, const char * const *);
	struct kmod_ctx *(*unref)(struct kmod_ctx *);
	int (*load_resources)(struct kmod_ctx *);
	int (*module_new_from_name)(struct kmod_ctx *, const char *,
			struct kmod_module **);
	int (*probe_insert)(struct kmod_module *, unsigned int,
			const char *, int (*)(struct kmod_module *, void *),
			const void *, void (*)(struct kmod_module *, bool, const char *));
	struct kmod_module *(*module_unref)(struct kmod_module *);
};

static const struct {
	const char *name;
	size_t offset;
} kmod_syms[] = {
	{ "kmod_new", offsetof(struct kmod_api, new) },
	{ "kmod_unref", offsetof(struct kmod_api, unref) },
	{ "kmod_load_resources", offsetof(struct kmod_api, load_resources) },
	{ "kmod_module_new_from_name", offsetof(struct kmod_api, module_new_from_name) },
	{ "kmod_module_probe_insert_module", offsetof(struct kmod_api, probe_insert) },
	{ "kmod_module_unref", offsetof(struct kmod_api, module_unref) },
};

static int kmod_open(struct daxctl_ctx *ctx, struct kmod_api *api)
{
	size_t i;
	void *sym;

	api->handle = dlopen("libkmod.so.2", RTLD_NOW | RTLD_LOCAL);
	if (!api->handle) {
		err(ctx, "cannot load libkmod.so.2: %s", dlerror());
		return -ENXIO;
	}
	for (i = 0; i < ARRAY_SIZE(kmod_syms); i++) {
		sym = dlsym(api->handle, kmod_syms[i].name);
		if (!sym) {
			err(ctx, "libkmod.so.2 lacks %s", kmod_syms[i].name);
			dlclose(api->handle);
			api->handle = NULL;
			return -ENXIO;
		}
		memcpy((char *)api + kmod_syms[i].offset, &sym, sizeof(sym));
	}
	return 0;
}

/* Load @name and what it depends on, honouring modprobe.d blacklists. */
int module_load(struct daxctl_ctx *ctx, const char *name)
{
	struct kmod_api api = { 0 };
	struct kmod_module *mod;
	struct kmod_ctx *kctx;
	int rc;

	rc = kmod_open(ctx, &api);
	if (rc)
		return rc;
	kctx = api.new(NULL, NULL);
	if (!kctx) {
		rc = -ENXIO;
		goto out_close;
	}
	api.load_resources(kctx);
	rc = api.module_new_from_name(kctx, name, &mod);
	if (rc == 0) {
		rc = api.probe_insert(mod, KMOD_PROBE_APPLY_BLACKLIST, NULL, NULL,
				NULL, NULL);
		api.module_unref(mod);
	}
	api.unref(kctx);
out_close:
	dlclose(api.handle);
	dbg(ctx, "load module %s: %s", name, rc < 0 ? strerror(-rc) : "ok");
	return rc < 0 ? rc : 0;
}
