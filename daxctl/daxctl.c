// SPDX-License-Identifier: GPL-2.0-only
/* daxctl: manage device-DAX memory. The command table and global options. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <config.h>
#include <libdaxctl.h>

#include "daxctl.h"
#include "log.h"
#include "options.h"

struct cmd {
	const char *name;
	int (*fn)(int argc, const char **argv, struct daxctl_ctx *ctx);
	bool need_ctx;
};

/* The order is part of the interface: `daxctl --list-cmds` prints it. */
static const struct cmd commands[] = {
	{ "version", cmd_version, false },
	{ "list", cmd_list, true },
	{ "help", cmd_help, false },
	{ "split-acpi", cmd_split_acpi, false },
	{ "migrate-device-model", cmd_migrate, false },
	{ "create-device", cmd_create, true },
	{ "destroy-device", cmd_destroy, true },
	{ "reconfigure-device", cmd_reconfigure, true },
	{ "online-memory", cmd_online, true },
	{ "offline-memory", cmd_offline, true },
	{ "disable-device", cmd_disable, true },
	{ "enable-device", cmd_enable, true },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

void daxctl_usage(FILE *f)
{
	fprintf(f, "\n usage: daxctl [--version] [--help] COMMAND [ARGS]\n\n"
		" Run 'daxctl help COMMAND' to read the manual of a command,\n"
		" or 'daxctl --list-cmds' to see every command.\n\n");
}

static const struct cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

bool daxctl_is_command(const char *name)
{
	return find_command(name) != NULL;
}

static int list_commands(void)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		printf("%s\n", commands[i].name);
	return 0;
}

static int run(const struct cmd *c, int argc, const char **argv)
{
	struct daxctl_ctx *ctx = NULL;
	int rc;

	if (c->need_ctx) {
		rc = daxctl_new(&ctx);
		if (rc) {
			fprintf(stderr, "error: cannot start libdaxctl: %s\n",
					strerror(-rc));
			return rc;
		}
		log_install(ctx);
	}
	rc = c->fn(argc, argv, ctx);
	log_flush();
	daxctl_unref(ctx);
	return rc;
}

static int run_command(int argc, const char **argv)
{
	const struct cmd *c = find_command(argv[0]);
	const char *help_argv[] = { "help", argv[0], NULL };

	if (!c) {
		fprintf(stderr, "Unknown command: '%s'\n", argv[0]);
		return 1;
	}
	/* "daxctl CMD --help" is "daxctl help CMD" */
	if (argc > 1 && !strcmp(argv[1], "--help") && c->fn != cmd_help)
		return cmd_help(2, help_argv, NULL);
	return run(c, argc, argv);
}

static int global_option(int argc, const char **argv)
{
	const char *opt = argv[0];

	if (!strcmp(opt, "--list-cmds"))
		return list_commands();
	if (!strcmp(opt, "--version") || !strcmp(opt, "-v")) {
		argv[0] = "version";
		return run_command(argc, argv);
	}
	if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
		argv[0] = "help";
		return run_command(argc, argv);
	}
	fprintf(stderr, "Unknown option: %s\n", opt);
	daxctl_usage(stderr);
	return EXIT_USAGE;
}

/* A success that could not be written is not a success. */
static int close_stdout(void)
{
	int rc = 0;

	if (fflush(stdout))
		rc = -errno;
	if (ferror(stdout) && !rc)
		rc = -EIO;
	if (fclose(stdout) && !rc)
		rc = -errno;
	return rc;
}

static int finish(int rc)
{
	int status = rc & 0xff;
	int err = close_stdout();

	if (err && !status) {
		fprintf(stderr, "error: writing to stdout: %s\n", strerror(-err));
		status = 1;
	}
	return status;
}

int main(int argc, const char **argv)
{
	argc--;
	argv++;
	if (!argc) {
		daxctl_usage(stdout);
		return finish(1);
	}
	if (argv[0][0] == '-')
		return finish(global_option(argc, argv));
	return finish(run_command(argc, argv));
}
