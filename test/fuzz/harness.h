/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the libFuzzer targets share: the guard that keeps them off a real
 * /sys, a quiet library log, scratch files, splitting an input, and the
 * fixture tree editor of fuzz-sysfs. Not part of the product.
 */
#ifndef _DAXCTL_FUZZ_HARNESS_H_
#define _DAXCTL_FUZZ_HARNESS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct daxctl_ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test: abort (a libFuzzer finding) if false. */
#define FUZZ_CHECK(cond) \
	fuzz_check((cond), #cond, __FILE__, __LINE__)
void fuzz_check(bool ok, const char *what, const char *file, int line);

/*
 * Exit unless /sys is a tmpfs (a fixture tree that test/fixture/nsrun.sh
 * mounted in a private namespace): the targets read it, fuzz-sysfs writes
 * and deletes in it, and must never do that to the kernel's sysfs.
 */
void fuzz_require_fixture(void);

/* daxctl_new() with a log function that formats every message and drops it. */
struct daxctl_ctx *fuzz_new_ctx(void);

/* A private directory under /dev/shm (or $TMPDIR) and files in it. */
const char *fuzz_scratch_dir(void);
/* Write @len bytes to @dir/@name (created or truncated); 0 or -errno. */
int fuzz_write_file(const char *dir, const char *name, const void *buf,
		size_t len);
/* Remove every entry of @dir (not recursively). */
void fuzz_clear_dir(const char *dir);

/*
 * Split @data at @sep bytes into at most @max NUL-terminated strings,
 * stored in one malloc'ed block returned in *block (free it); *parts gets
 * pointers into it. Returns the number of parts.
 */
int fuzz_split(const uint8_t *data, size_t size, uint8_t sep, int max,
		char **block, char **parts);

/* ---- fuzz-sysfs ---- */

enum sweep_flags {
	SWEEP_HUMAN = 1 << 0,		/* list -u */
	SWEEP_MUTATE = 1 << 1,		/* then offline/online, block and attribute writes */
	SWEEP_MOVABLE = 1 << 2,		/* ZONE_MOVABLE; memmap request 1 */
	SWEEP_FORCE = 1 << 3,		/* plan --force; write the kmem state */
	SWEEP_NO_ONLINE = 1 << 4,	/* plan -N */
};
/* Bits 5-7: the request the engine plans for every device (sweep.c kinds[]). */
#define SWEEP_PLAN_SHIFT 5

/* Every public getter, `daxctl list -RDMi` through json.c, a plan, optionally writes. */
void fuzz_sweep(struct daxctl_ctx *ctx, unsigned int flags);

enum tree_op {
	TREE_WRITE = 0,		/* new contents (a symlink: a new target) */
	TREE_DELETE,		/* the entry vanishes (a /proc file: empty) */
	TREE_DELETE_DIR,	/* its whole directory vanishes */
	TREE_APPEND,		/* the old contents followed by the new bytes */
	TREE_NR_OPS,
};

/* Record every file, symlink and directory under /sys and the fixture /proc files. */
void tree_snapshot(void);
int tree_count(void);
const char *tree_path(int index);
/* Apply one edit (undone by tree_restore); false if it did not apply. */
bool tree_edit(int index, enum tree_op op, const uint8_t *buf, size_t len);
/* Forget the change events of the edits so far (tree_restore() still undoes them). */
void tree_settle(void);
/* Changes made since tree_settle() by anyone else (they are put back). */
int tree_writes(void);
/* Undo every edit and every change anyone made since the last restore. */
void tree_restore(void);
/* 0 if the tree is exactly as recorded (FUZZ_TREE_VERIFY=1 checks after each input). */
int tree_verify(void);

#endif /* _DAXCTL_FUZZ_HARNESS_H_ */
