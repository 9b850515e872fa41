// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the CLI's pure parsers, as they ship (the daxctl/ sources
 * compiled once more, without main): sizes, device and region names, the
 * option parser, and a config file given as one string. No root, no
 * sysfs. Prints "ok N - ..." / "not ok N - ...", then "N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conffile.h"
#include "filter.h"
#include "options.h"

static int nr_pass, nr_fail;

static void __attribute__((format(printf, 2, 3)))
check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", nr_pass + nr_fail + 1);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (ok)
		nr_pass++;
	else
		nr_fail++;
}

/* ---- stderr capture, for the one-line messages ---- */

static char captured[4096];
static int saved_fd = -1;
static FILE *capture_file;

static void capture_begin(void)
{
	fflush(stderr);
	capture_file = tmpfile();
	if (!capture_file)
		abort();
	saved_fd = dup(STDERR_FILENO);
	dup2(fileno(capture_file), STDERR_FILENO);
}

static const char *capture_end(void)
{
	size_t n;

	fflush(stderr);
	dup2(saved_fd, STDERR_FILENO);
	close(saved_fd);
	rewind(capture_file);
	n = fread(captured, 1, sizeof(captured) - 1, capture_file);
	captured[n] = '\0';
	fclose(capture_file);
	return captured;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* ---- sizes ---- */

static void test_sizes(void)
{
	static const struct {
		const char *in;
		int rc;
		unsigned long long want;
	} t[] = {
		{ "0", 0, 0 },
		{ "4096", 0, 4096 },
		{ "0x1000", 0, 4096 },
		{ "010", 0, 8 },
		{ "1k", 0, 1ULL << 10 },
		{ "1K", 0, 1ULL << 10 },
		{ "2m", 0, 2ULL << 20 },
		{ "2M", 0, 2ULL << 20 },
		{ "16g", 0, 16ULL << 30 },
		{ "1T", 0, 1ULL << 40 },
		{ "0x10G", 0, 16ULL << 30 },
		{ "18446744073709551615", 0, ~0ULL },
		{ "16777215t", 0, 16777215ULL << 40 },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "16777216t", -ERANGE, 0 },
		{ "", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ "+1", -EINVAL, 0 },
		{ " 1", -EINVAL, 0 },
		{ "1 ", -EINVAL, 0 },
		{ "1x", -EINVAL, 0 },
		{ "1kk", -EINVAL, 0 },
		{ "1kb", -EINVAL, 0 },
		{ "k", -EINVAL, 0 },
		{ "08", -EINVAL, 0 },
		{ "0x", -EINVAL, 0 },
		{ "1p", -EINVAL, 0 },
		{ "1.5g", -EINVAL, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		unsigned long long v = 12345;
		int rc = parse_size(t[i].in, &v);

		check(rc == t[i].rc && (rc || v == t[i].want),
				"parse_size(\"%s\") = %d, %llu", t[i].in, rc, v);
	}
}

/* ---- device and region names ---- */

static void test_names(void)
{
	static const struct {
		const char *in;
		int rc, region, dev;
	} d[] = {
		{ "dax0.0", 0, 0, 0 },
		{ "0.0", 0, 0, 0 },
		{ "dax3.12", 0, 3, 12 },
		{ "/dev/dax3.12", 0, 3, 12 },
		{ "dax007.0", 0, 7, 0 },
		{ "dax2147483647.1", 0, 2147483647, 1 },
		{ "all", 0, -1, -1 },
		{ "/dev/all", 0, -1, -1 },
		{ "dax2147483648.0", -EINVAL, 0, 0 },
		{ "dax0", -EINVAL, 0, 0 },
		{ "dax.0", -EINVAL, 0, 0 },
		{ "dax0.", -EINVAL, 0, 0 },
		{ "dax0.0x", -EINVAL, 0, 0 },
		{ "dax0.0.0", -EINVAL, 0, 0 },
		{ "daxA.0", -EINVAL, 0, 0 },
		{ "dax-1.0", -EINVAL, 0, 0 },
		{ "dax+1.0", -EINVAL, 0, 0 },
		{ "dax 0.0", -EINVAL, 0, 0 },
		{ "DAX0.0", -EINVAL, 0, 0 },
		{ "dax0.0/", -EINVAL, 0, 0 },
		{ "", -EINVAL, 0, 0 },
		{ "region0", -EINVAL, 0, 0 },
	};
	static const struct {
		const char *in;
		int rc, id;
	} r[] = {
		{ "all", 0, -1 },
		{ "0", 0, 0 },
		{ "7", 0, 7 },
		{ "region7", 0, 7 },
		{ "region007", 0, 7 },
		{ "2147483647", 0, 2147483647 },
		{ "2147483648", -EINVAL, 0 },
		{ "region", -EINVAL, 0 },
		{ "regionx", -EINVAL, 0 },
		{ "7x", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ "", -EINVAL, 0 },
		{ "dax_region0", -EINVAL, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		struct dev_spec s = { NULL, 99, 99, true };
		int rc = filter_parse_dev(d[i].in, &s);

		check(rc == d[i].rc && (rc || (s.region_id == d[i].region &&
				s.dev_id == d[i].dev && !s.matched)),
			"filter_parse_dev(\"%s\") = %d, %d.%d", d[i].in, rc,
			s.region_id, s.dev_id);
	}
	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		int id = 99, rc = filter_parse_region(r[i].in, &id);

		check(rc == r[i].rc && (rc || id == r[i].id),
			"filter_parse_region(\"%s\") = %d, %d", r[i].in, rc, id);
	}
}

static void test_filter_init(void)
{
	const char *good[] = { "dax1.0", "/dev/dax0.2", "3.4" };
	const char *bad[] = { "dax1.0", "dax1" };
	struct dax_filter f;
	const char *err;
	int rc;

	rc = filter_init(&f, "region1", 3, good);
	check(!rc && f.region_id == 1 && f.nr_specs == 3 &&
		f.specs[1].region_id == 0 && f.specs[1].dev_id == 2 &&
		f.specs[2].region_id == 3 && f.specs[2].dev_id == 4,
		"filter_init: -r region1 and three device names");
	if (!rc)
		filter_release(&f);
	capture_begin();
	rc = filter_init(&f, NULL, 2, bad);
	err = capture_end();
	check(rc == -EINVAL && f.nr_specs == 0 && count_lines(err) == 1 &&
		strstr(err, "'dax1'"),
		"filter_init: a bad device name is refused in one line naming it");
	capture_begin();
	rc = filter_init(&f, "region", 0, NULL);
	err = capture_end();
	check(rc == -EINVAL && count_lines(err) == 1 && strstr(err, "'region'"),
		"filter_init: a bad region is refused in one line naming it");
}

/* ---- the option parser ---- */

/* parse()'s argv: the positional arguments end up at its front */
static const char *pargv[16];

struct parsed {
	bool force, verbose, no_online;
	int memmap;
	const char *mode;
	struct opt_size size;
	unsigned int nodes;
};

static int parse(struct parsed *p, const char **err, int *nr, ...)
{
	const struct opt opts[] = {
		OPT_BOOLEAN('f', "force", &p->force, "force"),
		OPT_BOOLEAN('v', "verbose", &p->verbose, "verbose"),
		OPT_BOOLEAN('N', "no-online", &p->no_online, "no online"),
		OPT_TRI("memmap-on-memory", &p->memmap, "memmap"),
		OPT_STR('m', "mode", &p->mode, "mode", "mode"),
		OPT_SZ('s', "size", &p->size, "size", "size"),
		OPT_U('n', "nodes", &p->nodes, "n", "nodes"),
		OPT_DONE,
	};
	const struct opt_cmd cmd = { "unit [<options>]", opts };
	const char **argv = pargv;
	const char *a;
	va_list ap;
	int argc = 0, rc;

	memset(p, 0, sizeof(*p));
	p->memmap = -1;
	va_start(ap, nr);
	while ((a = va_arg(ap, const char *)) && argc < 15)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	*nr = -1;
	capture_begin();
	rc = parse_options(argc, argv, &cmd, nr);
	*err = capture_end();
	return rc;
}

static void test_options(void)
{
	struct parsed p;
	const char *err;
	int nr, rc;

	rc = parse(&p, &err, &nr, "dax0.0", "-f", "--mode", "devdax",
			"-s", "1G", NULL);
	check(!rc && nr == 1 && !strcmp(pargv[0], "dax0.0") && p.force &&
		p.mode && !strcmp(p.mode, "devdax") &&
		p.size.set && p.size.bytes == 1ULL << 30 && !*err,
		"options: mixed with a positional, separate values");
	rc = parse(&p, &err, &nr, "--mode=system-ram", "--size=0x1000", "-fv",
			"-s2m", NULL);
	check(!rc && nr == 0 && p.force && p.verbose &&
		!strcmp(p.mode, "system-ram") && p.size.bytes == 2ULL << 20,
		"options: --opt=value, bundled switches, -sVALUE, last one wins");
	rc = parse(&p, &err, &nr, "--for", "--verb", "--memmap", NULL);
	check(!rc && p.force && p.verbose && p.memmap == 1,
		"options: unique prefixes of long names");
	rc = parse(&p, &err, &nr, "--no-memmap-on-memory", "--online", NULL);
	check(!rc && p.memmap == 0 && !p.no_online,
		"options: --no-X of a tristate, X of a no-X switch");
	rc = parse(&p, &err, &nr, "--memmap-on-memory", "--no-memmap-on-memory",
			NULL);
	check(rc == EXIT_USAGE && strstr(err, "mutually exclusive"),
		"options: --X and --no-X of a tristate conflict");
	rc = parse(&p, &err, &nr, "--", "-f", "x", NULL);
	check(!rc && nr == 2 && !strcmp(pargv[0], "-f") &&
		!strcmp(pargv[1], "x") && !p.force, "options: -- ends the options");
	rc = parse(&p, &err, &nr, "-", NULL);
	check(!rc && nr == 1, "options: - alone is positional");
	rc = parse(&p, &err, &nr, "--bogus", NULL);
	check(rc == EXIT_USAGE && !strncmp(err, "error: unknown option `bogus'\n",
			strlen("error: unknown option `bogus'\n")),
		"options: unknown long option, one error line then usage");
	rc = parse(&p, &err, &nr, "-x", NULL);
	check(rc == EXIT_USAGE && strstr(err, "unknown switch `x'"),
		"options: unknown short switch");
	rc = parse(&p, &err, &nr, "--m", NULL);
	check(rc == EXIT_USAGE && strstr(err, "ambiguous option `m'"),
		"options: an ambiguous prefix (mode, memmap-on-memory)");
	rc = parse(&p, &err, &nr, "--=x", NULL);
	check(rc == EXIT_USAGE && strstr(err, "unknown option `'"),
		"options: --=VALUE names no option");
	rc = parse(&p, &err, &nr, "--size", NULL);
	check(rc == EXIT_USAGE && strstr(err, "requires a value"),
		"options: a missing value");
	rc = parse(&p, &err, &nr, "--force=yes", NULL);
	check(rc == EXIT_USAGE && strstr(err, "takes no value"),
		"options: a value for a switch");
	rc = parse(&p, &err, &nr, "-s", "12junk", NULL);
	check(rc == EXIT_USAGE && strstr(err, "'12junk' is not a valid number"),
		"options: a bad size");
	rc = parse(&p, &err, &nr, "--size=99999999999999999999", NULL);
	check(rc == EXIT_USAGE && strstr(err, "out of range"),
		"options: a size out of range");
	rc = parse(&p, &err, &nr, "-n", "4294967296", NULL);
	check(rc == EXIT_USAGE && strstr(err, "out of range"),
		"options: an unsigned int out of range");
	rc = parse(&p, &err, &nr, "-n", "-1", NULL);
	check(rc == EXIT_USAGE && strstr(err, "not a valid number"),
		"options: a negative unsigned int");
	rc = parse(&p, &err, &nr, "-n", "0x10", NULL);
	check(!rc && p.nodes == 16, "options: an unsigned int in hex");
	rc = parse(&p, &err, &nr, "-h", NULL);
	check(rc == EXIT_USAGE && strstr(err, "usage: unit [<options>]") &&
		strstr(err, "--[no-]memmap-on-memory"),
		"options: -h prints the usage and the option table");
}

/* ---- a config file as one string ---- */

static char conf_dir[] = "/tmp/daxctl-unit.XXXXXX";

static int load(const char *text, struct dax_conf *conf, const char **err)
{
	char path[64];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/t.conf", conf_dir);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
	capture_begin();
	rc = conf_load(conf_dir, conf);
	*err = capture_end();
	unlink(path);
	return rc;
}

static bool bad_is(const struct conf_section *s, const char *text)
{
	return s->bad_match && s->bad && strstr(s->bad, text);
}

static void test_conf(void)
{
	struct dax_conf c;
	const char *err;
	int rc;

	if (!mkdtemp(conf_dir))
		abort();
	rc = load("[reconfigure-device a]\ndevice = 00.000\nmode = devdax\n"
		"[Reconfigure-Device B]\ncxl.region = region007\n"
		"online = No\nmovable = 1\nmemmap_on_memory = true\n"
		"[other]\ndevice = dax1.0\n", &c, &err);
	check(!rc && c.nr == 2 && !strcmp(c.secs[0].name, "a") &&
		!strcmp(c.secs[0].device, "dax0.0") &&
		c.secs[0].mode == CONF_MODE_DEVDAX && !c.secs[0].bad &&
		!strcmp(c.secs[1].name, "b") &&
		!strcmp(c.secs[1].cxl_region, "region7") &&
		c.secs[1].online == 0 && c.secs[1].movable == 1 &&
		c.secs[1].memmap == 1 && c.secs[1].mode == CONF_MODE_UNSET,
		"conf: names normalized, booleans, other sections ignored");
	conf_release(&c);
	rc = load("[reconfigure-device p]\nphys_addr = 0x140000000\n"
		"nvdimm.uuid = 6e0e13b8-3d57-4a3c-b2b2-1c0c4ba1e0a8\n", &c, &err);
	check(!rc && c.nr == 1 && c.secs[0].has_phys &&
		c.secs[0].phys_addr == 0x140000000ULL && c.secs[0].has_uuid &&
		!c.secs[0].bad, "conf: phys_addr and nvdimm.uuid");
	conf_release(&c);
	rc = load("[reconfigure-device p]\nphys_addr = 0x140000001\n", &c, &err);
	check(!rc && c.nr == 1 && bad_is(&c.secs[0], "not page aligned"),
		"conf: an unaligned phys_addr is refused");
	conf_release(&c);
	rc = load("[reconfigure-device u]\n"
		"nvdimm.uuid = 00000000-0000-0000-0000-000000000000\n", &c, &err);
	check(!rc && c.nr == 1 && bad_is(&c.secs[0], "null uuid"),
		"conf: the null uuid is refused");
	conf_release(&c);
	rc = load("[reconfigure-device d]\ndevice = dax0\n", &c, &err);
	check(!rc && bad_is(&c.secs[0], "device = dax0: expected daxX.Y"),
		"conf: a bad device name marks the match bad, naming the key");
	conf_release(&c);
	rc = load("[reconfigure-device d]\ndevice = /dev/dax0.0\n", &c, &err);
	check(!rc && bad_is(&c.secs[0], "expected daxX.Y"),
		"conf: a path is no device name");
	conf_release(&c);
	rc = load("[reconfigure-device r]\ncxl.region = 7\n", &c, &err);
	check(!rc && bad_is(&c.secs[0], "expected regionN"),
		"conf: cxl.region needs the region prefix");
	conf_release(&c);
	rc = load("[reconfigure-device m]\ndevice = dax0.0\nmode = sideways\n",
		&c, &err);
	check(!rc && c.secs[0].bad && !c.secs[0].bad_match &&
		strstr(c.secs[0].bad, "mode = sideways"),
		"conf: a bad setting is malformed, the match still known");
	conf_release(&c);
	rc = load("[reconfigure-device o]\ndevice = dax0.0\nonline = maybe\n",
		&c, &err);
	check(!rc && c.secs[0].bad && strstr(c.secs[0].bad, "online = maybe"),
		"conf: an unreadable boolean");
	conf_release(&c);
	rc = load("[reconfigure-device k]\ndevice = dax0.0\ncolour = blue\n",
		&c, &err);
	check(!rc && c.secs[0].bad && strstr(c.secs[0].bad, "unknown key"),
		"conf: an unknown key");
	conf_release(&c);
	rc = load("[reconfigure-device e]\nmode = devdax\n", &c, &err);
	check(!rc && bad_is(&c.secs[0], "no match key"),
		"conf: a section without a match key");
	conf_release(&c);
	rc = load("[reconfigure-device a]\n[reconfigure-device a:device]\n",
		&c, &err);
	check(!rc && c.nr == 1 &&
		bad_is(&c.secs[0], "[reconfigure-device a:device]: a section "
			"name cannot contain ':'"),
		"conf: [NAME:device] after [NAME] is refused, not a NULL value");
	conf_release(&c);
	rc = load("[reconfigure-device a]\ndevice = dax0.0\n"
		"[reconfigure-device a:x]\nmode = devdax\n", &c, &err);
	check(!rc && c.nr == 1 &&
		bad_is(&c.secs[0], "[reconfigure-device a:x]: a section"),
		"conf: the keys of a [NAME:X] section do not land in NAME");
	conf_release(&c);
	rc = load("[reconfigure-device s]\ndevice = dax0.0\nno equals sign\n",
		&c, &err);
	check(rc == 0 && c.broken == -EINVAL && c.nr == 0 && !c.secs &&
		count_lines(err) == 1 &&
		strstr(err, "t.conf: line 3: syntax error: no equals sign"),
		"conf: a syntax error: one line with the file and line, the file's sections not kept, broken set");
	conf_release(&c);
	rc = load("", &c, &err);
	check(!rc && c.nr == 0 && !*err, "conf: an empty file");
	conf_release(&c);
	rmdir(conf_dir);
}

int main(void)
{
	test_sizes();
	test_names();
	test_filter_init();
	test_options();
	test_conf();
	printf("1..%d\n", nr_pass + nr_fail);
	printf("%d passed, %d failed\n", nr_pass, nr_fail);
	return nr_fail ? 1 : 0;
}
