// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sysfs readers: arbitrary contents, missing files and directories,
 * stray entries and bent symlinks in a fixture tree, then everything
 * `daxctl list` reads, the engine's plan for a request, and optionally
 * the library's writes (fuzz_sweep()).
 *
 * Input: one byte of enum sweep_flags, then up to 8 edits, each
 *   u16 entry index (little endian, modulo the number of entries)
 *   u8  enum tree_op (modulo TREE_NR_OPS)
 *   u8  length, then that many bytes of new contents (or a name)
 * The entries are every file, symlink and directory under /sys plus the
 * fixture /proc files, sorted by path (FUZZ_SYSFS_LIST=1 prints them).
 * Run inside test/fixture/nsrun.sh; the tree is restored after each input.
 * FUZZ_SYSFS_AVOID=SUFFIX[,SUFFIX...] leaves entries whose path ends so
 * untouched, to keep fuzzing past a known finding until its fix lands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdaxctl.h>

#include "harness.h"

#define MAX_INPUT_EDITS 8

static bool verify;
static char *avoid[16];
static int nr_avoid;

static void parse_avoid(void)
{
	const char *env = getenv("FUZZ_SYSFS_AVOID");
	char *s, *tok, *save = NULL;

	if (!env || !(s = strdup(env)))
		return;
	for (tok = strtok_r(s, ",", &save); tok && nr_avoid < 16;
	     tok = strtok_r(NULL, ",", &save))
		avoid[nr_avoid++] = tok;
}

static bool avoided(int index)
{
	const char *path = tree_path(index);
	size_t len = strlen(path);
	int i;

	for (i = 0; i < nr_avoid; i++) {
		size_t n = strlen(avoid[i]);

		if (n <= len && !strcmp(path + len - n, avoid[i]))
			return true;
	}
	return false;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int i;

	fuzz_require_fixture();
	tree_snapshot();
	if (getenv("FUZZ_SYSFS_LIST")) {
		for (i = 0; i < tree_count(); i++)
			printf("%d %s\n", i, tree_path(i));
		exit(0);
	}
	verify = getenv("FUZZ_TREE_VERIFY") != NULL;
	parse_avoid();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct daxctl_ctx *ctx;
	size_t off = 1;
	int n;

	if (size < 1)
		return 0;
	for (n = 0; n < MAX_INPUT_EDITS && off + 4 <= size; n++) {
		unsigned int index = data[off] | data[off + 1] << 8;
		enum tree_op op = data[off + 2] % TREE_NR_OPS;
		size_t len = data[off + 3];

		off += 4;
		if (len > size - off)
			len = size - off;
		index %= (unsigned int)tree_count();
		if (!avoided((int)index))
			tree_edit((int)index, op, data + off, len);
		off += len;
	}
	tree_settle();
	ctx = fuzz_new_ctx();
	if (ctx) {
		fuzz_sweep(ctx, data[0]);
		daxctl_unref(ctx);
	}
	tree_restore();
	if (verify)
		FUZZ_CHECK(tree_verify() == 0);
	return 0;
}
