// SPDX-License-Identifier: GPL-2.0-only
/*
 * Persistent configuration: [reconfigure-device NAME] sections in every
 * *.conf file of the config directory, read alphabetically; when several
 * match a device the last one read wins. A device matches a section when
 * every match key of the section matches it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <config.h>
#ifdef HAVE_INIPARSER_SUBDIR
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif
#include <libdaxctl.h>

#include "conffile.h"
#include "device.h"
#include "filter.h"
#include "options.h"

#define SECTION_WORD "reconfigure-device"

/* ---- values ---- */

static int mark_bad(struct conf_section *s, const char *key, const char *val,
		const char *why)
{
	if (!s->bad && asprintf(&s->bad, "%s = %s: %s", key, val, why) < 0)
		s->bad = NULL;
	return -EINVAL;
}

/*
 * Names are kept in the kernel's spelling (decimal ids, no leading zero),
 * so that X.Y and dax007.0 match as they do on the command line.
 */
static int set_device(struct conf_section *s, const char *key, const char *v)
{
	struct dev_spec spec;

	if (strchr(v, '/') || filter_parse_dev(v, &spec) || spec.region_id < 0)
		return mark_bad(s, key, v, "expected daxX.Y");
	free(s->device);
	if (asprintf(&s->device, "dax%d.%d", spec.region_id, spec.dev_id) < 0)
		s->device = NULL;
	return s->device ? 0 : -ENOMEM;
}

static int set_uuid(struct conf_section *s, const char *key, const char *v)
{
	if (uuid_parse(v, s->uuid))
		return mark_bad(s, key, v, "not a uuid");
	if (uuid_is_null(s->uuid))
		return mark_bad(s, key, v, "the null uuid names no namespace");
	s->has_uuid = true;
	return 0;
}

static int set_cxl_region(struct conf_section *s, const char *key,
		const char *v)
{
	int id;

	if (strncmp(v, "region", strlen("region")) ||
	    filter_parse_region(v, &id) || id < 0)
		return mark_bad(s, key, v, "expected regionN");
	free(s->cxl_region);
	if (asprintf(&s->cxl_region, "region%d", id) < 0)
		s->cxl_region = NULL;
	return s->cxl_region ? 0 : -ENOMEM;
}

/* A device starts on a page boundary at least (its region's alignment). */
static int set_phys(struct conf_section *s, const char *key, const char *v)
{
	long page = sysconf(_SC_PAGESIZE);

	if (parse_size(v, &s->phys_addr))
		return mark_bad(s, key, v, "not an address");
	if (page > 0 && s->phys_addr % (unsigned long)page)
		return mark_bad(s, key, v,
				"not page aligned: no device starts there");
	s->has_phys = true;
	return 0;
}

static int set_mode(struct conf_section *s, const char *key, const char *v)
{
	if (!strcmp(v, "system-ram"))
		s->mode = CONF_MODE_SYSTEM_RAM;
	else if (!strcmp(v, "devdax"))
		s->mode = CONF_MODE_DEVDAX;
	else if (!strcmp(v, "famfs"))
		s->mode = CONF_MODE_FAMFS;
	else
		return mark_bad(s, key, v, "expected system-ram, devdax or famfs");
	return 0;
}

/* By the first letter, as the existing tool reads them. */
static int parse_bool(struct conf_section *s, const char *key, const char *v,
		int *out)
{
	if (*v && strchr("tTyY1", *v))
		*out = 1;
	else if (*v && strchr("fFnN0", *v))
		*out = 0;
	else
		return mark_bad(s, key, v, "expected true or false");
	return 0;
}

static int set_online(struct conf_section *s, const char *key, const char *v)
{
	return parse_bool(s, key, v, &s->online);
}

static int set_movable(struct conf_section *s, const char *key, const char *v)
{
	return parse_bool(s, key, v, &s->movable);
}

static int set_memmap(struct conf_section *s, const char *key, const char *v)
{
	return parse_bool(s, key, v, &s->memmap);
}

static const struct conf_key {
	const char *name;	/* lower case, as iniparser hands it over */
	int (*set)(struct conf_section *s, const char *key, const char *v);
	bool match;
} conf_keys[] = {
	{ "device", set_device, true },
	{ "nvdimm.uuid", set_uuid, true },
	{ "cxl.region", set_cxl_region, true },
	{ "phys_addr", set_phys, true },
	{ "mode", set_mode, false },
	{ "online", set_online, false },
	{ "movable", set_movable, false },
	{ "memmap_on_memory", set_memmap, false },
};

#define NR_CONF_KEYS (sizeof(conf_keys) / sizeof(conf_keys[0]))

/* ---- sections and files ---- */

static bool has_match_key(const struct conf_section *s)
{
	return s->device || s->cxl_region || s->has_uuid || s->has_phys;
}

static int set_key(struct conf_section *s, const char *key, const char *v)
{
	size_t i;

	int rc;

	for (i = 0; i < NR_CONF_KEYS; i++) {
		if (strcmp(conf_keys[i].name, key))
			continue;
		rc = conf_keys[i].set(s, key, v);
		if (rc == -EINVAL && conf_keys[i].match)
			s->bad_match = true;
		return rc;
	}
	return mark_bad(s, key, v, "unknown key");
}

/*
 * The whole section is unusable: whatever it was meant to match, refuse.
 * The first reason found is the one reported.
 */
static int mark_section(struct conf_section *s, const char *why)
{
	s->bad_match = true;
	if (s->bad)
		return 0;
	s->bad = strdup(why);
	return s->bad ? 0 : -ENOMEM;
}

/*
 * iniparser stores key K of section S as "S:K", and a section whose name
 * has a colon is no section to it: "[S:K]" becomes a valueless key K of S
 * (or overwrites it), and that section's keys become keys "K:..." of S.
 */
static int colon_section(struct conf_section *s, const char *key,
		const char *v)
{
	int len = v ? (int)(strrchr(key, ':') - key) : (int)strlen(key);
	char *why;
	int rc;

	if (asprintf(&why, "[%.*s]: a section name cannot contain ':'",
			len, key) < 0)
		return -ENOMEM;
	rc = mark_section(s, why);
	free(why);
	return rc;
}

static int parse_section(dictionary *d, const char *sec,
		struct conf_section *s)
{
	int i, rc = 0, n = iniparser_getsecnkeys(d, sec);
	const char **keys = calloc(n > 0 ? n : 1, sizeof(*keys));
	size_t skip = strlen(sec) + 1;	/* "section:" */

	if (!keys)
		return -ENOMEM;
	if (!iniparser_getseckeys(d, sec, keys))
		n = 0;
	for (i = 0; i < n && rc != -ENOMEM; i++) {
		const char *v;

		if (!keys[i])
			continue;
		v = iniparser_getstring(d, keys[i], NULL);
		if (v && !strchr(keys[i] + skip, ':'))
			rc = set_key(s, keys[i] + skip, v);
		else
			rc = colon_section(s, keys[i], v);
	}
	free(keys);
	if (rc == -ENOMEM)
		return rc;
	if (has_match_key(s))
		return 0;
	return mark_section(s, "no match key "
			"(device, nvdimm.uuid, cxl.region or phys_addr)");
}

static struct conf_section *new_section(struct dax_conf *conf,
		const char *file, const char *sec)
{
	struct conf_section *grown, *s;
	const char *name = sec + strlen(SECTION_WORD);

	grown = realloc(conf->secs, (conf->nr + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	conf->secs = grown;
	s = &conf->secs[conf->nr++];
	memset(s, 0, sizeof(*s));
	s->online = s->movable = s->memmap = -1;
	s->file = strdup(file);
	s->name = strdup(name + strspn(name, " \t"));
	return s->file && s->name ? s : NULL;
}

/* "reconfigure-device", alone or followed by a blank and a name. */
static bool our_section(const char *sec)
{
	size_t len = strlen(SECTION_WORD);

	return !strncmp(sec, SECTION_WORD, len) &&
		(sec[len] == '\0' || sec[len] == ' ' || sec[len] == '\t');
}

static int load_dict(dictionary *d, const char *path, struct dax_conf *conf)
{
	int i, rc, n = iniparser_getnsec(d);

	for (i = 0; i < n; i++) {
		const char *sec = iniparser_getsecname(d, i);
		struct conf_section *s;

		if (!sec || !our_section(sec))
			continue;
		s = new_section(conf, path, sec);
		if (!s)
			return -ENOMEM;
		rc = parse_section(d, sec, s);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * iniparser reports a bad line on stderr over two lines; keep its first
 * report instead, so that one line can name the file and the problem.
 */
static char ini_why[1024];

static int __attribute__((format(printf, 1, 2)))
ini_error(const char *fmt, ...)
{
	va_list ap;
	char *nl;

	if (ini_why[0])
		return 0;
	va_start(ap, fmt);
	vsnprintf(ini_why, sizeof(ini_why), fmt, ap);
	va_end(ap);
	while ((nl = strchr(ini_why, '\n')))
		*nl = ' ';
	for (nl = ini_why + strlen(ini_why); nl > ini_why && nl[-1] == ' '; nl--)
		nl[-1] = '\0';
	return 0;
}

/* "iniparser: WHAT in PATH (LINE): -> TEXT" becomes "line LINE: WHAT: TEXT" */
static void print_ini_error(const char *path)
{
	const char *why = ini_why, *in, *text;
	char *end;
	long line;

	if (!strncmp(why, "iniparser: ", strlen("iniparser: ")))
		why += strlen("iniparser: ");
	in = strstr(why, path);
	if (!*why || !in || in - why < 4 || strncmp(in - 4, " in ", 4) ||
	    in[strlen(path)] != ' ' || in[strlen(path) + 1] != '(')
		goto raw;
	line = strtol(in + strlen(path) + 2, &end, 10);
	if (strncmp(end, "):", 2))
		goto raw;
	text = end + 2;
	text += strncmp(text, " -> ", 4) ? strspn(text, " ") : 4;
	fprintf(stderr, "error: %s: line %ld: %.*s%s%s\n", path, line,
			(int)(in - 4 - why), why, *text ? ": " : "", text);
	return;
raw:
	fprintf(stderr, "error: %s: %s\n", path,
			*why ? why : "cannot read this configuration file");
}

static int load_file(const char *dir, const char *name, struct dax_conf *conf)
{
	dictionary *d;
	struct stat st;
	char *path;
	int rc;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return -ENOMEM;
	rc = 0;
	if (stat(path, &st) || !S_ISREG(st.st_mode))
		goto out;
	ini_why[0] = '\0';
	iniparser_set_error_callback(ini_error);
	d = iniparser_load(path);
	iniparser_set_error_callback(NULL);
	if (!d) {
		/*
		 * Reported (file and line); the file's sections are not
		 * applied, the other files' still are, and the command fails.
		 */
		print_ini_error(path);
		conf->broken = -EINVAL;
		goto out;
	}
	rc = load_dict(d, path, conf);
	iniparser_freedict(d);
out:
	free(path);
	return rc;
}

static int conf_name(const struct dirent *de)
{
	size_t len = strlen(de->d_name);

	return de->d_name[0] != '.' && len > strlen(".conf") &&
		!strcmp(de->d_name + len - strlen(".conf"), ".conf");
}

int conf_load(const char *dir, struct dax_conf *conf)
{
	struct dirent **list;
	int i, n, rc = 0;

	memset(conf, 0, sizeof(*conf));
	n = scandir(dir, &list, conf_name, alphasort);
	if (n < 0) {
		if (errno == ENOENT)
			return 0;
		rc = -errno;
		fprintf(stderr, "error: %s: %s\n", dir, strerror(-rc));
		return rc;
	}
	for (i = 0; i < n; i++) {
		if (!rc)
			rc = load_file(dir, list[i]->d_name, conf);
		free(list[i]);
	}
	free(list);
	if (rc == -ENOMEM)
		fprintf(stderr, "error: reading %s: %s\n", dir, strerror(-rc));
	if (rc)
		conf_release(conf);
	return rc;
}

void conf_release(struct dax_conf *conf)
{
	int i;

	for (i = 0; i < conf->nr; i++) {
		struct conf_section *s = &conf->secs[i];

		free(s->file);
		free(s->name);
		free(s->bad);
		free(s->device);
		free(s->cxl_region);
	}
	free(conf->secs);
	conf->secs = NULL;
	conf->nr = 0;
}

/* ---- matching ---- */

/* A CXL region's dax region lives at .../regionN/dax_regionN. */
static bool in_cxl_region(struct daxctl_region *region, const char *name)
{
	const char *path = daxctl_region_get_path(region);
	const char *base, *parent;
	size_t len = strlen(name);

	if (!path)
		return false;
	base = strrchr(path, '/');
	if (!base || strncmp(base + 1, "dax_region", strlen("dax_region")))
		return false;
	for (parent = base; parent > path && parent[-1] != '/'; parent--)
		;
	return (size_t)(base - parent) == len && !strncmp(parent, name, len);
}

static unsigned long long dev_start(struct daxctl_dev *dev)
{
	struct daxctl_mapping *m = daxctl_mapping_get_first(dev);

	return m ? daxctl_mapping_get_start(m) : daxctl_dev_get_resource(dev);
}

/* nvdimm.uuid is the namespace's uuid, as "ndctl list" shows it. */
static bool uuid_matches(struct daxctl_region *region, const uuid_t want)
{
	uuid_t uu;

	if (daxctl_region_get_nd_uuid(region, uu))
		return false;
	return !uuid_is_null(uu) && !uuid_compare(uu, want);
}

static bool section_matches(const struct conf_section *s,
		struct daxctl_dev *dev)
{
	struct daxctl_region *region = daxctl_dev_get_region(dev);

	if (s->device && strcmp(s->device, daxctl_dev_get_devname(dev)))
		return false;
	if (s->has_uuid && !uuid_matches(region, s->uuid))
		return false;
	if (s->cxl_region && !in_cxl_region(region, s->cxl_region))
		return false;
	if (s->has_phys && dev_start(dev) != s->phys_addr)
		return false;
	return true;
}

int conf_match(const struct dax_conf *conf, struct daxctl_dev *dev,
		const struct conf_section **sec)
{
	const struct conf_section *found = NULL;
	int i;

	for (i = 0; i < conf->nr; i++) {
		const struct conf_section *s = &conf->secs[i];
		bool match = !s->bad_match && section_matches(s, dev);

		/* a bad match key could hide a match: always an error */
		if ((s->bad || s->bad_match) && (match || s->bad_match))
			return dev_err(dev, "check config", -EINVAL,
					"%s: [%s %s]: %s", s->file, SECTION_WORD,
					s->name, s->bad ? s->bad : "malformed");
		if (!match)
			continue;
		if (found)
			dev_warn(dev, "[%s %s] in %s overrides [%s %s] in %s",
					SECTION_WORD, s->name, s->file,
					SECTION_WORD, found->name, found->file);
		found = s;
	}
	*sec = found;
	return found ? 0 : 1;
}
