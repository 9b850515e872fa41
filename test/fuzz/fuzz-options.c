// SPDX-License-Identifier: GPL-2.0-only
/*
 * The option parser (options.c): argv vectors split from the input, on a
 * table with every option kind the commands use (switches, "no-" names,
 * tri-states, strings, sizes, numbers, clustered short options), through
 * `daxctl list` itself, and through the commands that offer --dry-run
 * (reconfigure-device, online-memory, offline-memory, destroy-device) with
 * --dry-run first and every spelling of --no-dry-run dropped: parsing,
 * device selection, the request and the engine's plan on the fixture, and
 * the check that nothing in the tree was written.
 *
 * Input: one selector byte (mod 7: 0 the table with parse_options(),
 * 1 parse_options_only(), 2 list, 3-6 the commands above), then
 * NUL-separated arguments.
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
	tree_snapshot();
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

static const struct {
	const char *name;
	int (*fn)(int argc, const char **argv, struct daxctl_ctx *ctx);
} dry_cmds[] = {
	{ "reconfigure-device", cmd_reconfigure },
	{ "online-memory", cmd_online },
	{ "offline-memory", cmd_offline },
	{ "destroy-device", cmd_destroy },
};

/* Any unique prefix of --no-dry-run would turn the plan into writes. */
static bool undoes_dry_run(const char *arg)
{
	return !strncmp(arg, "--no-d", strlen("--no-d")) ||
		(!strncmp(arg, "--d", 3) && strchr(arg, '='));
}

static void run_dry(int which, int n, char **parts)
{
	const char *argv[MAX_ARGS + 3];
	int i, argc = 0;

	argv[argc++] = dry_cmds[which].name;
	argv[argc++] = "--dry-run";
	for (i = 0; i < n; i++)
		if (!undoes_dry_run(parts[i]))
			argv[argc++] = parts[i];
	argv[argc] = NULL;
	tree_settle();
	dry_cmds[which].fn(argc, argv, ctx);
	FUZZ_CHECK(tree_writes() == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *block, *parts[MAX_ARGS];
	const char *argv[MAX_ARGS + 2];
	int n, sel;

	if (size < 1)
		return 0;
	sel = data[0] % 7;
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
	else if (sel == 2)
		cmd_list(n + 1, argv, ctx);
	else
		run_dry(sel - 3, n, parts);
	fflush(stdout);
	free(block);
	return 0;
}
