// SPDX-License-Identifier: GPL-2.0-only
/*
 * Table-driven option parsing for every daxctl command: short and long
 * options (unique prefixes of long ones too), bundled short switches,
 * "--opt=value", "--no-X" negation of switches, -h and --list-opts.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#define HELP_COLUMN 26

static const struct opt *opt_next(const struct opt *o)
{
	o++;
	return o->type == OPT_END ? NULL : o;
}

#define for_each_opt(cmd, o) \
	for (o = (cmd)->opts->type == OPT_END ? NULL : (cmd)->opts; o; \
	     o = opt_next(o))

static bool opt_takes_arg(const struct opt *o)
{
	return o->type == OPT_STRING || o->type == OPT_SIZE ||
		o->type == OPT_UINT;
}

static int print_left(const struct opt *o)
{
	const char *neg = o->type == OPT_TRISTATE ? "[no-]" : "";
	int len;

	if (o->short_name && o->long_name)
		len = fprintf(stderr, "    -%c, --%s%s", o->short_name, neg,
				o->long_name);
	else if (o->short_name)
		len = fprintf(stderr, "    -%c", o->short_name);
	else
		len = fprintf(stderr, "        --%s%s", neg, o->long_name);
	if (o->argh)
		len += fprintf(stderr, " <%s>", o->argh);
	return len;
}

int usage_with_options(const struct opt_cmd *cmd)
{
	const struct opt *o;

	fprintf(stderr, "\n usage: %s\n\n", cmd->usage);
	for_each_opt(cmd, o) {
		int len = print_left(o);

		if (len >= HELP_COLUMN - 1) {
			fputc('\n', stderr);
			len = 0;
		}
		fprintf(stderr, "%*s%s\n", HELP_COLUMN - len, "", o->help);
	}
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int usage_error(const struct opt_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return usage_with_options(cmd);
}

static int list_opts(const struct opt_cmd *cmd)
{
	const struct opt *o;
	const char *sep = "";

	for_each_opt(cmd, o) {
		if (!o->long_name)
			continue;
		printf("%s--%s", sep, o->long_name);
		sep = " ";
		if (o->type == OPT_TRISTATE)
			printf(" --no-%s", o->long_name);
	}
	printf("\n");
	return EXIT_LIST_OPTS;
}

int parse_size(const char *s, unsigned long long *bytes)
{
	static const char suffixes[] = "kmgt";
	unsigned long long v;
	const char *sfx;
	unsigned int shift = 0;
	char *end;

	/* strtoull would take leading blanks and a sign; refuse them */
	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno)
		return -errno;
	if (*end) {
		sfx = strchr(suffixes, tolower((unsigned char)*end));
		if (!sfx || end[1])
			return -EINVAL;
		shift = 10 * (unsigned int)(sfx - suffixes + 1);
	}
	if (v > (ULLONG_MAX >> shift))
		return -ERANGE;
	*bytes = v << shift;
	return 0;
}

static int parse_uint(const char *s, unsigned int *out)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno)
		return -errno;
	if (*end)
		return -EINVAL;
	if (v > UINT_MAX)
		return -ERANGE;
	*out = (unsigned int)v;
	return 0;
}

/* How an option was spelled, for messages: "switch `r'" or "option `dev'". */
static void opt_label(const struct opt *o, bool as_short, char *buf,
		size_t len)
{
	if (as_short)
		snprintf(buf, len, "switch `%c'", o->short_name);
	else
		snprintf(buf, len, "option `%s'", o->long_name);
}

static int set_arg(const struct opt_cmd *cmd, const struct opt *o,
		const char *arg, const char *label)
{
	int rc = 0;

	switch (o->type) {
	case OPT_STRING:
		*(const char **)o->value = arg;
		return 0;
	case OPT_SIZE: {
		struct opt_size *sz = o->value;

		rc = parse_size(arg, &sz->bytes);
		sz->set = rc == 0;
		break;
	}
	case OPT_UINT:
		rc = parse_uint(arg, o->value);
		break;
	default:
		return 0;
	}
	if (rc == -ERANGE)
		return usage_error(cmd, "%s: '%s' is out of range", label, arg);
	if (rc)
		return usage_error(cmd, "%s: '%s' is not a valid number", label,
				arg);
	return 0;
}

static int set_flag(const struct opt_cmd *cmd, const struct opt *o, bool neg)
{
	int want = neg ? 0 : 1;
	int *tri;

	if (o->type == OPT_BOOL) {
		*(bool *)o->value = !neg;
		return 0;
	}
	tri = o->value;
	if (*tri >= 0 && *tri != want)
		return usage_error(cmd,
			"--%s and --no-%s are mutually exclusive",
			o->long_name, o->long_name);
	*tri = want;
	return 0;
}

/*
 * Apply @o. @inline_arg is the text after "=" or after a short switch in
 * its cluster; NULL when absent. *i is advanced past a separate argument.
 */
static int apply(const struct opt_cmd *cmd, const struct opt *o, bool neg,
		bool as_short, const char *inline_arg, int argc,
		const char **argv, int *i)
{
	char label[64];

	opt_label(o, as_short, label, sizeof(label));
	if (!opt_takes_arg(o)) {
		if (inline_arg)
			return usage_error(cmd, "%s takes no value", label);
		return set_flag(cmd, o, neg);
	}
	if (!inline_arg) {
		if (*i + 1 >= argc)
			return usage_error(cmd, "%s requires a value", label);
		inline_arg = argv[++*i];
	}
	return set_arg(cmd, o, inline_arg, label);
}

static const struct opt *find_short(const struct opt_cmd *cmd, char c)
{
	const struct opt *o;

	for_each_opt(cmd, o)
		if (o->short_name == c)
			return o;
	return NULL;
}

static int parse_short(const struct opt_cmd *cmd, int argc, const char **argv,
		int *i)
{
	const char *p = argv[*i] + 1;

	for (; *p; p++) {
		const struct opt *o = find_short(cmd, *p);

		if (*p == 'h' && !o)
			return usage_with_options(cmd);
		if (!o)
			return usage_error(cmd, "unknown switch `%c'", *p);
		if (opt_takes_arg(o))
			return apply(cmd, o, false, true, p[1] ? p + 1 : NULL,
					argc, argv, i);
		if (set_flag(cmd, o, false))
			return EXIT_USAGE;
	}
	return 0;
}

/* Does @name (@len bytes) spell @o negated: "no-X" for X, or "X" for "no-X"? */
static bool is_negation(const struct opt *o, const char *name, size_t len)
{
	const char *l = o->long_name;
	size_t llen = strlen(l);

	if (o->type != OPT_BOOL && o->type != OPT_TRISTATE)
		return false;
	if (len == llen + 3 && !strncmp(name, "no-", 3) &&
	    !strncmp(name + 3, l, llen))
		return true;
	return o->type == OPT_BOOL && !strncmp(l, "no-", 3) &&
		len == llen - 3 && !strncmp(name, l + 3, len);
}

/* Exact name, a negated name, or a unique prefix of a name. */
static const struct opt *find_long(const struct opt_cmd *cmd,
		const char *name, size_t len, bool *neg, bool *ambiguous)
{
	const struct opt *o, *found = NULL;

	*neg = false;
	*ambiguous = false;
	if (!len)	/* "--=x": the empty name is a prefix of every name */
		return NULL;
	for_each_opt(cmd, o)
		if (o->long_name && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len))
			return o;
	for_each_opt(cmd, o) {
		if (o->long_name && is_negation(o, name, len)) {
			*neg = true;
			return o;
		}
	}
	for_each_opt(cmd, o) {
		if (!o->long_name || strncmp(o->long_name, name, len))
			continue;
		if (found)
			*ambiguous = true;
		found = o;
	}
	return *ambiguous ? NULL : found;
}

static int parse_long(const struct opt_cmd *cmd, int argc, const char **argv,
		int *i)
{
	const char *name = argv[*i] + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct opt *o;
	bool neg, ambiguous;

	if (!eq && !strcmp(name, "help"))
		return usage_with_options(cmd);
	if (!eq && !strcmp(name, "list-opts"))
		return list_opts(cmd);
	o = find_long(cmd, name, len, &neg, &ambiguous);
	if (ambiguous)
		return usage_error(cmd, "ambiguous option `%.*s'", (int)len,
				name);
	if (!o)
		return usage_error(cmd, "unknown option `%.*s'", (int)len, name);
	return apply(cmd, o, neg, false, eq ? eq + 1 : NULL, argc, argv, i);
}

int parse_options(int argc, const char **argv, const struct opt_cmd *cmd,
		int *nr_args)
{
	bool options_done = false;
	int i, n = 0, rc;

	for (i = 0; i < argc; i++) {
		const char *arg = argv[i];

		if (options_done || arg[0] != '-' || !arg[1]) {
			argv[n++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			options_done = true;
			continue;
		}
		if (arg[1] == '-')
			rc = parse_long(cmd, argc, argv, &i);
		else
			rc = parse_short(cmd, argc, argv, &i);
		if (rc)
			return rc;
	}
	*nr_args = n;
	return 0;
}

int parse_options_only(int argc, const char **argv, const struct opt_cmd *cmd)
{
	int nr, rc = parse_options(argc - 1, argv + 1, cmd, &nr);

	if (rc)
		return rc;
	if (nr)
		return usage_error(cmd, "unknown parameter \"%s\"", argv[1]);
	return 0;
}
