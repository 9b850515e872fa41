/* SPDX-License-Identifier: GPL-2.0-only */
/* The one command-line option parser shared by every daxctl command. */
#ifndef _DAXCTL_OPTIONS_H_
#define _DAXCTL_OPTIONS_H_

#include <stdbool.h>

/* Exit statuses of the parser, returned as-is by the commands. */
#define EXIT_USAGE 129
#define EXIT_LIST_OPTS 130

enum opt_type {
	OPT_END = 0,
	OPT_BOOL,	/* bool *: --X sets it, --no-X (or X for "no-X") clears it */
	OPT_TRISTATE,	/* int *: -1 unset, 1 for --X, 0 for --no-X */
	OPT_STRING,	/* const char ** */
	OPT_SIZE,	/* struct opt_size * */
	OPT_UINT,	/* unsigned int * */
};

struct opt_size {
	unsigned long long bytes;
	bool set;
};

struct opt {
	enum opt_type type;
	char short_name;	/* 0: long only */
	const char *long_name;
	void *value;
	const char *argh;	/* argument placeholder for help; NULL: none */
	const char *help;
};

struct opt_cmd {
	const char *usage;	/* "daxctl list [<options>]" */
	const struct opt *opts;	/* terminated by an OPT_END entry */
};

#define OPT_BOOLEAN(s, l, v, h) { OPT_BOOL, s, l, v, NULL, h }
#define OPT_TRI(l, v, h) { OPT_TRISTATE, 0, l, v, NULL, h }
#define OPT_STR(s, l, v, a, h) { OPT_STRING, s, l, v, a, h }
#define OPT_SZ(s, l, v, a, h) { OPT_SIZE, s, l, v, a, h }
#define OPT_U(s, l, v, a, h) { OPT_UINT, s, l, v, a, h }
#define OPT_DONE { OPT_END, 0, NULL, NULL, NULL, NULL }

/*
 * Parse @argv[0..@argc) (argv[0] is the first argument, not the command).
 * Options and positional arguments may be mixed; "--" ends the options.
 * On success the positional arguments are moved to the front of @argv,
 * their count is stored in @nr_args and 0 is returned. Otherwise the
 * message and usage have been printed and EXIT_USAGE (error or -h) or
 * EXIT_LIST_OPTS (--list-opts) is returned.
 */
int parse_options(int argc, const char **argv, const struct opt_cmd *cmd,
		int *nr_args);

/* Print the usage line and option table to stderr; returns EXIT_USAGE. */
int usage_with_options(const struct opt_cmd *cmd);

/* parse_options() on argv + 1 for a command that takes no positional argument. */
int parse_options_only(int argc, const char **argv, const struct opt_cmd *cmd);

/* Print "error: <msg>" and the usage to stderr; returns EXIT_USAGE. */
int usage_error(const struct opt_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Strict size: an integer in any C base with an optional k/K m/M g/G t/T
 * binary suffix, nothing else. 0, -EINVAL (garbage) or -ERANGE.
 */
int parse_size(const char *s, unsigned long long *bytes);

#endif /* _DAXCTL_OPTIONS_H_ */
