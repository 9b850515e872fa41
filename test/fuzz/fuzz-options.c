// SPDX-License-Identifier: GPL-2.0-only
/*
 * The option parser (options.c): argv vectors split from the input, on a
 * table with every option kind the commands use (switches, "no-" names,
 * tri-states, strings, sizes, numbers, clustered short options), and
 * through `daxctl list` itself on the fixture.
 *
 * Input: one selector byte (0 mod 3: the table with parse_options(),
 * 1: parse_options_only(), 2: cmd_list()), then NUL-separated arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdaxctl.h>

#include "daxctl.h"
#include "options.h"
#include "harness.h"

#define MAX_ARGS 64

static struct daxctl_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_require_fixture();
	ctx = fuzz_new_ctx();
	if (!ctx) {
		fprintf(stderr, "fuzz: daxctl_new failed on the fixture\n");
		exit(1);
	}
	return 0;
}

struct values {
	const char *region, *mode, *input;
	bool human, verbose, no_online, force, no_movable, all;
	int memmap, movable;
	struct opt_size size, align;
	unsigned int count;
};

static void run_table(int argc, const char **argv, bool only)
{
	struct values v = { .memmap = -1, .movable = -1 };
	const struct opt opts[] = {
		OPT_STR('r', "region", &v.region, "region-id", "a region"),
		OPT_BOOLEAN('u', "human", &v.human, "human"),
		OPT_BOOLEAN('v', "verbose", &v.verbose, "verbose"),
		OPT_SZ('s', "size", &v.size, "size", "a size"),
		OPT_SZ('a', "align", &v.align, "align", "an alignment"),
		OPT_STR(0, "input", &v.input, "input", "a file"),
		OPT_STR('m', "mode", &v.mode, "mode", "a mode"),
		OPT_BOOLEAN('N', "no-online", &v.no_online, "no online"),
		OPT_BOOLEAN('f', "force", &v.force, "force"),
		OPT_BOOLEAN(0, "no-movable", &v.no_movable, "not movable"),
		OPT_TRI("memmap-on-memory", &v.memmap, "memmap"),
		OPT_TRI("movable", &v.movable, "movable"),
		OPT_BOOLEAN(0, "all", &v.all, "all"),
		OPT_U('n', "count", &v.count, "n", "a number"),
		OPT_DONE,
	};
	const struct opt_cmd cmd = { "fuzz [<options>] <args>", opts };
	const char *orig[MAX_ARGS + 1];
	int i, j, nr = -1, rc;

	memcpy(orig, argv, sizeof(*argv) * argc);
	if (only)
		rc = parse_options_only(argc, argv, &cmd);
	else
		rc = parse_options(argc, argv, &cmd, &nr);
	FUZZ_CHECK(rc == 0 || rc == EXIT_USAGE || rc == EXIT_LIST_OPTS);
	FUZZ_CHECK(v.memmap >= -1 && v.memmap <= 1);
	FUZZ_CHECK(v.movable >= -1 && v.movable <= 1);
	if (rc || only)
		return;
	FUZZ_CHECK(nr >= 0 && nr <= argc);
	/* the positional arguments keep their order and come from argv */
	for (i = 0, j = 0; i < nr; i++, j++) {
		while (j < argc && orig[j] != argv[i])
			j++;
		FUZZ_CHECK(j < argc);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *block, *parts[MAX_ARGS];
	const char *argv[MAX_ARGS + 2];
	int n, sel;

	if (size < 1)
		return 0;
	sel = data[0] % 3;
	n = fuzz_split(data + 1, size - 1, 0, MAX_ARGS, &block, parts);
	if (!block)
		return 0;
	argv[0] = "list";
	memcpy(argv + 1, parts, sizeof(*parts) * n);
	argv[n + 1] = NULL;
	if (sel == 0)
		run_table(n, argv + 1, false);
	else if (sel == 1)
		run_table(n + 1, argv, true);
	else
		cmd_list(n + 1, argv, ctx);
	fflush(stdout);
	free(block);
	return 0;
}
