// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one place that opens kernel files (/sys, /proc). Every object holds a
 * struct sysfs_dir for its directory: its fd is opened on first use, and
 * each attribute is then reached with openat/readlinkat/fstatat relative to
 * it. Callers name an attribute and get back a value or a negative errno;
 * paths are joined here and nowhere else.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "private.h"

/* Directory fds a context keeps open; beyond it each access opens its own. */
#define SYSFS_CACHED_FDS 256

static char *path_join(const char *dir, const char *name)
{
	size_t dlen = strlen(dir), nlen = strlen(name);
	char *p = malloc(dlen + nlen + 2);

	if (!p)
		return NULL;
	memcpy(p, dir, dlen);
	p[dlen] = '/';
	memcpy(p + dlen + 1, name, nlen + 1);
	return p;
}

int sysfs_dir_init(struct sysfs_dir *d, const char *path)
{
	d->fd = -1;
	d->by_path = false;
	d->path = strdup(path);
	return d->path ? 0 : -ENOMEM;
}

int sysfs_dir_child(struct sysfs_dir *d, const struct sysfs_dir *parent,
		const char *name)
{
	d->fd = -1;
	d->by_path = false;
	d->path = path_join(parent->path, name);
	return d->path ? 0 : -ENOMEM;
}

void sysfs_dir_close(struct daxctl_ctx *ctx, struct sysfs_dir *d)
{
	if (!d->path || d->fd < 0)	/* never set up (zeroed), or not open */
		return;
	close(d->fd);
	d->fd = -1;
	ctx->sysfs_fds--;
}

void sysfs_dir_release(struct daxctl_ctx *ctx, struct sysfs_dir *d)
{
	sysfs_dir_close(ctx, d);
	free(d->path);
	d->path = NULL;
}

/* The directory's fd, opened on first use; *@temp: close it after use. */
static int dir_get(struct daxctl_ctx *ctx, struct sysfs_dir *d, bool *temp)
{
	int fd, rc;

	*temp = false;
	if (d->fd >= 0)
		return d->fd;
	fd = open(d->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		dbg(ctx, "open %s: %s", d->path, strerror(-rc));
		return rc;
	}
	if (ctx->sysfs_fds >= SYSFS_CACHED_FDS) {
		*temp = true;
		return fd;
	}
	ctx->sysfs_fds++;
	return d->fd = fd;
}

/* Where @attr of @d is: a directory fd and a name relative to it. */
struct attr_at {
	int dfd;
	const char *name;
	char *joined;	/* by_path: the attribute's absolute path */
	bool temp;	/* dfd is ours to close */
};

static int attr_get(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, struct attr_at *at)
{
	*at = (struct attr_at){ .dfd = AT_FDCWD, .name = attr };
	if (d->by_path) {
		at->joined = path_join(d->path, attr);
		at->name = at->joined;
		return at->joined ? 0 : -ENOMEM;
	}
	at->dfd = dir_get(ctx, d, &at->temp);
	return at->dfd < 0 ? at->dfd : 0;
}

static void attr_put(struct attr_at *at)
{
	if (at->temp)
		close(at->dfd);
	free(at->joined);
}

static int attr_open(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, int flags)
{
	struct attr_at at;
	int fd;

	fd = attr_get(ctx, d, attr, &at);
	if (fd == 0) {
		fd = openat(at.dfd, at.name, flags | O_CLOEXEC);
		if (fd < 0)
			fd = -errno;
	}
	attr_put(&at);
	if (fd < 0)
		dbg(ctx, "open %s/%s: %s", d->path, attr, strerror(-fd));
	return fd;
}

int sysfs_read_str(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, char *buf, size_t len)
{
	ssize_t n;
	int fd, rc;

	fd = attr_open(ctx, d, attr, O_RDONLY);
	if (fd < 0)
		return fd;
	do {
		n = read(fd, buf, len - 1);
	} while (n < 0 && errno == EINTR);
	rc = n < 0 ? -errno : 0;
	close(fd);
	if (rc) {
		dbg(ctx, "read %s/%s: %s", d->path, attr, strerror(-rc));
		return rc;
	}
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

static int parse_u64(const char *s, int base, uint64_t *v)
{
	char *end;
	unsigned long long val;

	if (!*s || isspace((unsigned char)*s) || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	val = strtoull(s, &end, base);
	if (errno == ERANGE)
		return -ERANGE;
	if (end == s || *end != '\0')
		return -EINVAL;
	*v = val;
	return 0;
}

static int read_number(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, int base, uint64_t *v)
{
	char buf[64];
	int rc;

	rc = sysfs_read_str(ctx, d, attr, buf, sizeof(buf));
	if (rc)
		return rc;
	if (base == 16 && (!strncmp(buf, "0x", 2) || !strncmp(buf, "0X", 2)))
		rc = parse_u64(buf + 2, 16, v);
	else if (base == 16)
		rc = parse_u64(buf, 16, v);
	else if (!strncmp(buf, "0x", 2) || !strncmp(buf, "0X", 2))
		rc = parse_u64(buf + 2, 16, v);
	else
		rc = parse_u64(buf, 10, v);
	if (rc)
		err(ctx, "%s/%s: unexpected value \"%s\"", d->path, attr, buf);
	return rc;
}

int sysfs_read_u64(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, uint64_t *v)
{
	return read_number(ctx, d, attr, 10, v);
}

int sysfs_read_hex(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, uint64_t *v)
{
	return read_number(ctx, d, attr, 16, v);
}

int sysfs_read_s64(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, int64_t *v)
{
	char buf[64];
	uint64_t u;
	int rc;

	rc = sysfs_read_str(ctx, d, attr, buf, sizeof(buf));
	if (rc)
		return rc;
	rc = parse_u64(buf[0] == '-' ? buf + 1 : buf, 10, &u);
	if (!rc && u > (uint64_t)INT64_MAX)
		rc = -ERANGE;
	if (rc) {
		err(ctx, "%s/%s: unexpected value \"%s\"", d->path, attr, buf);
		return rc;
	}
	*v = buf[0] == '-' ? -(int64_t)u : (int64_t)u;
	return 0;
}

int sysfs_write_str(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;
	int fd, rc;

	fd = attr_open(ctx, d, attr, O_WRONLY);
	if (fd < 0)
		return fd;
	/* no retry on EINTR: an interrupted offline must reach the caller */
	n = write(fd, s, len);
	rc = n < 0 ? -errno : ((size_t)n != len ? -EIO : 0);
	if (close(fd) && !rc)
		rc = -errno;
	dbg(ctx, "write \"%s\" > %s/%s: %s", s, d->path, attr,
			rc ? strerror(-rc) : "ok");
	return rc;
}

int sysfs_exists(struct daxctl_ctx *ctx, struct sysfs_dir *d, const char *attr)
{
	struct attr_at at;
	struct stat st;
	int rc;

	rc = attr_get(ctx, d, attr, &at);
	if (rc == 0)
		rc = fstatat(at.dfd, at.name, &st, AT_SYMLINK_NOFOLLOW) ? -errno : 1;
	attr_put(&at);
	return rc == -ENOENT || rc == -ENOTDIR ? 0 : rc;
}

int sysfs_readlink(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *attr, char *buf, size_t len)
{
	struct attr_at at;
	ssize_t n;
	int rc;

	rc = attr_get(ctx, d, attr, &at);
	if (rc == 0) {
		n = readlinkat(at.dfd, at.name, buf, len - 1);
		if (n < 0)
			rc = -errno;
		else if ((size_t)n >= len - 1)
			rc = -ENAMETOOLONG;
		else
			buf[n] = '\0';
	}
	attr_put(&at);
	return rc;
}

/* Resolve "." and ".." of an absolute path in place (sysfs has no symlinked dirs). */
static void path_normalize(char *p)
{
	char *out = p, *s = p, *seg;
	size_t n;

	while (*s) {
		while (*s == '/')
			s++;
		seg = s;
		n = strcspn(s, "/");
		s += n;
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (out > p && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		memmove(out, seg, n);
		out += n;
	}
	if (out == p)
		*out++ = '/';
	*out = '\0';
}

/*
 * The directory @levels above the one entry @name of @d leads to (a
 * symlink, as in /sys/bus/dax/devices, or a directory); malloc'd, or NULL
 * with errno set (ENOENT for a dangling link).
 */
char *sysfs_resolve(struct daxctl_ctx *ctx, struct sysfs_dir *d,
		const char *name, int levels)
{
	char link[PATH_MAX], *path, *slash;
	struct attr_at at;
	struct stat st;
	ssize_t n = -1;
	int rc;

	rc = attr_get(ctx, d, name, &at);
	if (rc == 0) {
		n = readlinkat(at.dfd, at.name, link, sizeof(link) - 1);
		if (n < 0 && errno == EINVAL)	/* not a link */
			n = snprintf(link, sizeof(link), "%s", name);
		if (n < 0 || (size_t)n >= sizeof(link) - 1)
			rc = n < 0 ? -errno : -ENAMETOOLONG;
		else if (fstatat(at.dfd, at.name, &st, 0))	/* dangling? */
			rc = -errno;
	}
	attr_put(&at);
	if (rc) {
		errno = -rc;
		return NULL;
	}
	link[n] = '\0';
	path = link[0] == '/' ? strdup(link) : path_join(d->path, link);
	if (!path)
		return NULL;
	path_normalize(path);
	while (levels-- > 0) {
		slash = strrchr(path, '/');
		if (slash && slash != path)
			*slash = '\0';
	}
	return path;
}

int sysfs_scan(struct daxctl_ctx *ctx, struct sysfs_dir *d, const char *prefix,
		sysfs_scan_fn fn, void *arg)
{
	size_t plen = strlen(prefix);
	struct dirent *de;
	DIR *dir;
	int rc = 0;

	/* a scan reads the directory once: its own stream, not the handle's fd */
	dir = opendir(d->path);
	if (!dir) {
		rc = -errno;
		dbg(ctx, "opendir %s: %s", d->path, strerror(-rc));
		return rc;
	}
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' || strncmp(de->d_name, prefix, plen))
			continue;
		rc = fn(d, de->d_name, arg);
		if (rc)
			break;
	}
	closedir(dir);
	return rc;
}

/* "Node 1, zone  Movable": 1 and the node id, 0 for another line, -EINVAL. */
static int zoneinfo_node(const char *line, int *node)
{
	unsigned long n;
	char *end;

	if (strncmp(line, "Node ", 5))
		return 0;
	if (!isdigit((unsigned char)line[5]))
		return -EINVAL;
	errno = 0;
	n = strtoul(line + 5, &end, 10);
	if (errno || strncmp(end, ", zone ", 7) || n >= NODE_ID_LIMIT)
		return -EINVAL;
	*node = (int)n;
	return 1;
}

/* "        present  163840": 1 and the count, 0 for another key, -EINVAL. */
static int zoneinfo_pages(const char *line, const char *key, uint64_t *v)
{
	const char *s = line + strspn(line, " ");
	size_t klen = strlen(key), n;
	char num[32];

	if (strncmp(s, key, klen) || s[klen] != ' ')
		return 0;
	s += klen + strspn(s + klen, " ");
	n = strcspn(s, "\n");
	if (n >= sizeof(num) || (s[n] && s[n + 1]))
		return -EINVAL;
	memcpy(num, s, n);
	num[n] = '\0';
	return parse_u64(num, 10, v) ? -EINVAL : 1;
}

static int node_pages_grow(struct node_pages **p, int *count, int node)
{
	struct node_pages *grown;

	if (node < *count)
		return 0;
	grown = realloc(*p, sizeof(**p) * (node + 1));
	if (!grown)
		return -ENOMEM;
	memset(grown + *count, 0, sizeof(**p) * (node + 1 - *count));
	*p = grown;
	*count = node + 1;
	return 0;
}

static int node_pages_add(uint64_t *sum, uint64_t v)
{
	if (v > UINT64_MAX - *sum)
		return -EINVAL;
	*sum += v;
	return 0;
}

static int zoneinfo_line(const char *line, struct node_pages **p, int *count,
		int *node)
{
	uint64_t v;
	int rc;

	rc = zoneinfo_node(line, node);
	if (rc)
		return rc < 0 ? rc : node_pages_grow(p, count, *node);
	if (*node < 0)
		return 0;
	rc = zoneinfo_pages(line, "present", &v);
	if (rc)
		return rc < 0 ? rc : node_pages_add(&(*p)[*node].present, v);
	rc = zoneinfo_pages(line, "managed", &v);
	if (rc)
		return rc < 0 ? rc : node_pages_add(&(*p)[*node].managed, v);
	return 0;
}

/*
 * /proc/zoneinfo: "Node N, zone NAME" starts a section; its "present" and
 * "managed" lines are page counts. One pass fills the totals of every node
 * (@pages[n] for node n, *nr nodes).
 */
int procfs_read_node_pages(struct daxctl_ctx *ctx, struct node_pages **pages,
		int *nr)
{
	struct node_pages *p = NULL;
	int rc = 0, node = -1, count = 0;
	char line[256];
	FILE *f;

	f = fopen("/proc/zoneinfo", "re");
	if (!f) {
		rc = -errno;
		err(ctx, "/proc/zoneinfo: %s", strerror(-rc));
		return rc;
	}
	while (!rc && fgets(line, sizeof(line), f))
		rc = zoneinfo_line(line, &p, &count, &node);
	fclose(f);
	if (rc) {
		line[strcspn(line, "\n")] = '\0';
		if (rc == -EINVAL)
			err(ctx, "/proc/zoneinfo: unexpected line \"%s\"", line);
		free(p);
		return rc;
	}
	*pages = p;
	*nr = count;
	return 0;
}

/* /proc/iomem lines: "  140000000-17fffffff : dax0.0" */
int procfs_iomem_start(struct daxctl_ctx *ctx, const char *name,
		uint64_t *start)
{
	char line[256], label[128];
	unsigned long long s, e;
	int rc = -ENOENT;
	FILE *f;

	f = fopen("/proc/iomem", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " %llx-%llx : %127[^\n]", &s, &e, label) != 3)
			continue;
		if (strcmp(label, name))
			continue;
		*start = s;
		rc = s ? 0 : -EACCES;	/* non-root sees zeroes */
		break;
	}
	fclose(f);
	dbg(ctx, "iomem %s: %s", name, rc ? strerror(-rc) : "found");
	return rc;
}

/* A directory entry that is a decimal pid. */
static int parse_pid(const char *name)
{
	uint64_t v;

	if (parse_u64(name, 10, &v) || v == 0 || v > INT_MAX)
		return -1;
	return (int)v;
}

static bool is_chrdev(const struct stat *st, dev_t rdev)
{
	return S_ISCHR(st->st_mode) && st->st_rdev == rdev;
}

/* /proc/PID/fd/N: each link followed to the file it names. */
static bool pid_has_fd(int pidfd, dev_t rdev)
{
	struct dirent *de;
	struct stat st;
	bool found = false;
	DIR *d;
	int fd;

	fd = openat(pidfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return false;
	}
	while (!found && (de = readdir(d)))
		found = de->d_name[0] != '.' &&
			fstatat(fd, de->d_name, &st, 0) == 0 && is_chrdev(&st, rdev);
	closedir(d);
	return found;
}

struct maps_entry {
	unsigned long long start, end, ino;
	unsigned int fs_major, fs_minor;
	const char *path;
};

static bool maps_parse(char *line, struct maps_entry *e)
{
	int n = -1;

	if (sscanf(line, "%llx-%llx %*s %*x %x:%x %llu %n", &e->start, &e->end,
				&e->fs_major, &e->fs_minor, &e->ino, &n) != 5 || n < 0)
		return false;
	e->path = line + n;
	return e->ino != 0;
}

/*
 * A line of /proc/PID/maps names a file by its file system's device and its
 * inode, not by the rdev of a device node: follow map_files/ (root only),
 * else stat the path the line shows.
 */
static bool maps_entry_is(int pidfd, const struct maps_entry *e, dev_t rdev)
{
	char name[64];
	struct stat st;

	snprintf(name, sizeof(name), "map_files/%llx-%llx", e->start, e->end);
	if (fstatat(pidfd, name, &st, 0) == 0)
		return is_chrdev(&st, rdev);
	if (e->path[0] != '/' || strstr(e->path, " (deleted)"))
		return false;
	return stat(e->path, &st) == 0 && is_chrdev(&st, rdev);
}

static bool pid_has_mapping(int pidfd, dev_t rdev)
{
	struct maps_entry e, last = { .ino = 0 };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool found = false;
	FILE *f;
	int fd;

	fd = openat(pidfd, "maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	f = fdopen(fd, "re");
	if (!f) {
		close(fd);
		return false;
	}
	while (!found && (n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (!maps_parse(line, &e))
			continue;
		/* a library maps several ranges in a row: check each file once */
		if (e.ino == last.ino && e.fs_major == last.fs_major &&
				e.fs_minor == last.fs_minor)
			continue;
		last = e;
		found = maps_entry_is(pidfd, &e, rdev);
	}
	free(line);
	fclose(f);
	return found;
}

int procfs_chrdev_users(struct daxctl_ctx *ctx, dev_t rdev, int *pids,
		int max)
{
	struct dirent *de;
	int count = 0, pid, pidfd;
	DIR *d;

	d = opendir("/proc");
	if (!d) {
		count = -errno;
		err(ctx, "/proc: %s", strerror(-count));
		return count;
	}
	while ((de = readdir(d)) && count < INT_MAX) {
		pid = parse_pid(de->d_name);
		if (pid < 0)
			continue;
		pidfd = openat(dirfd(d), de->d_name,
				O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pidfd < 0)
			continue;	/* exited meanwhile */
		if (pid_has_fd(pidfd, rdev) || pid_has_mapping(pidfd, rdev)) {
			if (count < max)
				pids[count] = pid;
			count++;
		}
		close(pidfd);
	}
	closedir(d);
	dbg(ctx, "char device %u:%u: %d users", major(rdev), minor(rdev), count);
	return count;
}

static bool ranges_overlap(uint64_t s, uint64_t e, const uint64_t *start,
		const uint64_t *end, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (s <= end[i] && e >= start[i])
			return true;
	return false;
}

int procfs_iomem_count(struct daxctl_ctx *ctx, const char *label,
		const uint64_t *start, const uint64_t *end, int n)
{
	char line[256], name[128];
	unsigned long long s, e;
	int count = 0, rc = 0;
	bool hidden = true;
	FILE *f;

	f = fopen("/proc/iomem", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " %llx-%llx : %127[^\n]", &s, &e, name) != 3)
			continue;
		if (s || e)
			hidden = false;
		if (!strcmp(name, label) && ranges_overlap(s, e, start, end, n))
			count++;
	}
	fclose(f);
	if (hidden)
		rc = -EACCES;	/* non-root readers see zeroes */
	dbg(ctx, "iomem \"%s\": %d overlapping%s", label, count,
			hidden ? " (addresses hidden)" : "");
	return rc ? rc : count;
}
