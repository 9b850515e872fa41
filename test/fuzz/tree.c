// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fixture tree editor of fuzz-sysfs. At start every entry under /sys
 * (a tmpfs holding a fixture, see fuzz_require_fixture()) and the fixture
 * /proc files is recorded with its contents, and every directory gets an
 * inotify watch. An input's edits are undone in reverse order; whatever
 * else changed (the library's own writes, e.g. memoryN/state from an
 * offline) is found through inotify and put back, so each input starts
 * from the same tree at the cost of a few syscalls.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/inotify.h>
#include <sys/stat.h>

#include "harness.h"

#define STASH "/sys/.fuzz-stash"
#define MAX_EDITS 16
#define MAX_CONTENT (1 << 20)
#define WATCH_MASK (IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | \
		IN_MOVED_FROM | IN_MOVED_TO)

static const char *const proc_files[] = {
	"/proc/iomem", "/proc/meminfo", "/proc/vmstat", "/proc/zoneinfo",
};

struct entry {
	char *path;
	char type;		/* 'f', 'l' or 'd' */
	bool proc;		/* bind-mounted: rewritten, never removed */
	mode_t mode;
	char *data;		/* file contents or link target */
	size_t len;
};

struct edit {
	int index;
	enum tree_op op;
	char *moved;		/* path renamed into the stash, or NULL */
	char *created;		/* path this edit created, or NULL */
	char stash[64];
};

static struct entry *entries;
static int nr_entries;
static char **watch_paths;	/* by inotify watch descriptor */
static int nr_watch_paths;
static int ino_fd = -1;
static struct edit edits[MAX_EDITS];
static int nr_edits;

static void *xmalloc(size_t len)
{
	void *p = malloc(len ? len : 1);

	if (!p) {
		fprintf(stderr, "fuzz: out of memory\n");
		abort();
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = xmalloc(strlen(s) + 1);

	return strcpy(p, s);
}

static int read_file(const char *path, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t cap, got = 0;
	char *buf;
	ssize_t n;

	if (fd < 0)
		return -errno;
	/* tmpfs knows its sizes; the bind-mounted /proc copies too */
	cap = fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < MAX_CONTENT ?
		(size_t)st.st_size + 1 : 4096;
	buf = xmalloc(cap);
	while (got < cap && (n = read(fd, buf + got, cap - got)) > 0)
		got += (size_t)n;
	close(fd);
	*data = buf;
	*len = got;
	return 0;
}

static struct entry *add_entry(const char *path, char type, mode_t mode)
{
	static int cap;
	struct entry *e;

	if (nr_entries == cap) {
		cap = cap ? cap * 2 : 1024;
		entries = realloc(entries, cap * sizeof(*entries));
		if (!entries)
			abort();
	}
	e = &entries[nr_entries++];
	memset(e, 0, sizeof(*e));
	e->path = xstrdup(path);
	e->type = type;
	e->mode = mode & 07777;
	return e;
}

static void add_watch(const char *path, uint32_t mask)
{
	int wd = inotify_add_watch(ino_fd, path, mask);

	if (wd < 0) {
		fprintf(stderr, "fuzz: inotify_add_watch %s: %s\n", path,
				strerror(errno));
		exit(1);
	}
	if (wd >= nr_watch_paths) {
		int n = wd + 64;

		watch_paths = realloc(watch_paths, n * sizeof(*watch_paths));
		if (!watch_paths)
			abort();
		memset(watch_paths + nr_watch_paths, 0,
				(n - nr_watch_paths) * sizeof(*watch_paths));
		nr_watch_paths = n;
	}
	watch_paths[wd] = xstrdup(path);
}

static int walk_one(const char *path, const struct stat *st, int flag,
		struct FTW *ftw)
{
	struct entry *e;
	char target[PATH_MAX];
	ssize_t n;

	if (!strcmp(path, STASH))
		return 0;
	if (S_ISDIR(st->st_mode)) {
		add_entry(path, 'd', st->st_mode);
		add_watch(path, WATCH_MASK | IN_ONLYDIR | IN_DONT_FOLLOW);
	} else if (S_ISLNK(st->st_mode)) {
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0)
			return 0;
		e = add_entry(path, 'l', st->st_mode);
		e->data = xmalloc((size_t)n + 1);
		memcpy(e->data, target, (size_t)n);
		e->data[n] = '\0';
		e->len = (size_t)n;
	} else if (S_ISREG(st->st_mode)) {
		e = add_entry(path, 'f', st->st_mode);
		if (read_file(path, &e->data, &e->len))
			e->data = NULL;
	}
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
			((const struct entry *)b)->path);
}

void tree_snapshot(void)
{
	struct stat st;
	size_t i;

	ino_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (ino_fd < 0 || (mkdir(STASH, 0700) && errno != EEXIST)) {
		perror("fuzz: tree_snapshot");
		exit(1);
	}
	if (nftw("/sys", walk_one, 32, FTW_PHYS)) {
		perror("fuzz: walking /sys");
		exit(1);
	}
	for (i = 0; i < sizeof(proc_files) / sizeof(proc_files[0]); i++) {
		struct entry *e;

		if (stat(proc_files[i], &st))
			continue;
		e = add_entry(proc_files[i], 'f', st.st_mode);
		e->proc = true;
		if (read_file(proc_files[i], &e->data, &e->len))
			e->data = NULL;
		add_watch(proc_files[i], IN_MODIFY);
	}
	qsort(entries, nr_entries, sizeof(*entries), entry_cmp);
}

int tree_count(void)
{
	return nr_entries;
}

const char *tree_path(int index)
{
	return index >= 0 && index < nr_entries ? entries[index].path : NULL;
}

static struct entry *find_entry(const char *path)
{
	struct entry key = { .path = (char *)path };

	return bsearch(&key, entries, nr_entries, sizeof(*entries), entry_cmp);
}

/* Replace the contents of an existing file; never creates one. */
static bool rewrite(const char *path, const void *buf, size_t len)
{
	const char *p = buf;
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
	bool ok = true;

	if (fd < 0)
		return false;
	while (len && ok) {
		ssize_t n = write(fd, p, len);

		ok = n > 0;
		if (ok) {
			p += n;
			len -= (size_t)n;
		}
	}
	close(fd);
	return ok;
}

/* Put one recorded entry back as it was, if it differs. */
static void restore_entry(const struct entry *e)
{
	char target[PATH_MAX];
	struct stat st;
	char *cur;
	size_t len;
	ssize_t n;
	int fd;

	if (lstat(e->path, &st)) {
		st.st_mode = 0;
	} else if (e->type == 'd' || S_ISDIR(st.st_mode)) {
		return;		/* directories only move, and move back */
	}
	if (e->type == 'l') {
		n = readlink(e->path, target, sizeof(target) - 1);
		if (n == (ssize_t)e->len && !memcmp(target, e->data, e->len))
			return;
		unlink(e->path);
		if (symlink(e->data, e->path))
			fprintf(stderr, "fuzz: cannot restore %s\n", e->path);
		return;
	}
	if (e->type != 'f' || !e->data)
		return;
	if (S_ISREG(st.st_mode) && !read_file(e->path, &cur, &len)) {
		bool same = len == e->len && !memcmp(cur, e->data, len);

		free(cur);
		if (same)
			return;
		if (rewrite(e->path, e->data, e->len))
			return;
	}
	if (st.st_mode && !S_ISREG(st.st_mode))
		unlink(e->path);
	fd = open(e->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, e->mode);
	if (fd >= 0)
		close(fd);
	if (!rewrite(e->path, e->data, e->len) || chmod(e->path, e->mode))
		fprintf(stderr, "fuzz: cannot restore %s\n", e->path);
}

/* A path nobody recorded: something created it; remove it. */
static void restore_path(const char *path)
{
	const struct entry *e = find_entry(path);

	if (e) {
		restore_entry(e);
		return;
	}
	if (!strncmp(path, STASH, strlen(STASH)))
		return;
	if (unlink(path) && (errno == EISDIR || errno == EPERM))
		rmdir(path);
}

static void restore_all(void)
{
	int i;

	for (i = 0; i < nr_entries; i++)
		restore_entry(&entries[i]);
}

/* Read queued events; restore what they name unless @discard. The count. */
static int drain(bool discard, bool report)
{
	int count = 0;
	char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
	char path[PATH_MAX];
	ssize_t n;
	char *p;

	while ((n = read(ino_fd, buf, sizeof(buf))) > 0) {
		for (p = buf; p < buf + n;
		     p += sizeof(struct inotify_event) + ((struct inotify_event *)p)->len) {
			const struct inotify_event *ev = (const void *)p;

			count++;
			if (discard)
				continue;
			if (ev->mask & IN_Q_OVERFLOW) {
				restore_all();
				continue;
			}
			if (ev->wd < 0 || ev->wd >= nr_watch_paths ||
			    !watch_paths[ev->wd])
				continue;
			if (ev->len)
				snprintf(path, sizeof(path), "%s/%s",
						watch_paths[ev->wd], ev->name);
			else
				snprintf(path, sizeof(path), "%s",
						watch_paths[ev->wd]);
			if (report)
				fprintf(stderr, "fuzz: tree: %s changed (%#x)\n",
						path, ev->mask);
			restore_path(path);
		}
	}
	return count;
}

static bool stash(struct edit *ed, const char *path)
{
	snprintf(ed->stash, sizeof(ed->stash), "%s/%d", STASH, nr_edits);
	if (rename(path, ed->stash))
		return false;
	ed->moved = xstrdup(path);
	return true;
}

/* A name for a new entry: the bytes up to the first NUL or '/', never "." or "..". */
static bool new_name(const uint8_t *buf, size_t len, char *name, size_t size)
{
	size_t i;

	for (i = 0; i < len && i + 1 < size && buf[i] && buf[i] != '/'; i++)
		name[i] = (char)buf[i];
	name[i] = '\0';
	return i && strcmp(name, ".") && strcmp(name, "..");
}

/*
 * A stray entry in a directory: "NAME" makes an empty file, "NAME\0TARGET"
 * a symlink (a second bus entry for one device, a loop), and with
 * TREE_APPEND "NAME" an empty directory.
 */
static bool edit_dir(struct edit *ed, const struct entry *e, bool as_dir,
		const uint8_t *buf, size_t len)
{
	char name[NAME_MAX + 1], path[PATH_MAX], target[PATH_MAX];
	size_t nlen, tlen;
	int fd;

	if (!new_name(buf, len, name, sizeof(name)))
		return false;
	snprintf(path, sizeof(path), "%s/%s", e->path, name);
	nlen = strlen(name);
	if (as_dir) {
		if (mkdir(path, 0755))
			return false;
	} else if (nlen < len && !buf[nlen] && len - nlen - 1 > 0) {
		tlen = len - nlen - 1 < sizeof(target) - 1 ?
			len - nlen - 1 : sizeof(target) - 1;
		memcpy(target, buf + nlen + 1, tlen);
		target[tlen] = '\0';
		if (!target[0] || symlink(target, path))
			return false;
	} else {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0)
			return false;
		close(fd);
	}
	ed->created = xstrdup(path);
	return true;
}

static bool edit_link(const struct entry *e, enum tree_op op,
		const uint8_t *buf, size_t len)
{
	char target[PATH_MAX];
	size_t n = 0;

	if (op == TREE_APPEND) {
		memcpy(target, e->data, e->len);
		n = e->len;
	}
	while (len-- && n + 1 < sizeof(target) && *buf)
		target[n++] = (char)*buf++;
	target[n] = '\0';
	if (!n || unlink(e->path))
		return false;
	return symlink(target, e->path) == 0;
}

static bool edit_file(const struct entry *e, enum tree_op op,
		const uint8_t *buf, size_t len)
{
	size_t keep = 0;
	char *data;
	bool ok;

	if (op == TREE_APPEND && e->data) {
		/* "value" + junk: the old text without its newline */
		keep = e->len;
		if (keep && e->data[keep - 1] == '\n')
			keep--;
	}
	data = xmalloc(keep + len);
	if (keep)
		memcpy(data, e->data, keep);
	if (len)
		memcpy(data + keep, buf, len);
	ok = rewrite(e->path, data, keep + len);
	free(data);
	return ok;
}

static bool do_edit(struct edit *ed, const struct entry *e, enum tree_op op,
		const uint8_t *buf, size_t len)
{
	char parent[PATH_MAX], *slash;

	switch (op) {
	case TREE_DELETE:
		if (e->proc)
			return rewrite(e->path, "", 0);
		return stash(ed, e->path);
	case TREE_DELETE_DIR:
		if (e->proc)
			return rewrite(e->path, "", 0);
		snprintf(parent, sizeof(parent), "%s", e->path);
		slash = strrchr(parent, '/');
		if (e->type != 'd' && slash)
			*slash = '\0';
		if (!strcmp(parent, "/sys"))
			return false;
		return stash(ed, parent);
	default:
		break;
	}
	if (e->type == 'd')
		return edit_dir(ed, e, op == TREE_APPEND, buf, len);
	if (e->type == 'l')
		return edit_link(e, op, buf, len);
	return edit_file(e, op, buf, len);
}

bool tree_edit(int index, enum tree_op op, const uint8_t *buf, size_t len)
{
	struct edit *ed;

	if (index < 0 || index >= nr_entries || nr_edits == MAX_EDITS ||
	    (unsigned int)op >= TREE_NR_OPS)
		return false;
	ed = &edits[nr_edits];
	memset(ed, 0, sizeof(*ed));
	ed->index = index;
	ed->op = op;
	if (!do_edit(ed, &entries[index], op, buf, len)) {
		restore_entry(&entries[index]);	/* half done: unlinked, not relinked */
		return false;
	}
	nr_edits++;
	return true;
}

static void undo(struct edit *ed)
{
	if (ed->moved) {
		if (rename(ed->stash, ed->moved))
			fprintf(stderr, "fuzz: cannot move %s back\n", ed->moved);
		free(ed->moved);
	}
	if (ed->created) {
		if (unlink(ed->created))
			rmdir(ed->created);
		free(ed->created);
	}
	if (!ed->moved && !ed->created)
		restore_entry(&entries[ed->index]);
	ed->moved = ed->created = NULL;
}

void tree_settle(void)
{
	drain(true, false);
}

int tree_writes(void)
{
	int n = drain(false, true);

	if (n)
		drain(true, false);
	return n;
}

void tree_restore(void)
{
	while (nr_edits > 0)
		undo(&edits[--nr_edits]);
	drain(false, false);
	drain(true, false);	/* the events of our own repairs */
}

static int verify_one(const char *path, const struct stat *st, int flag,
		struct FTW *ftw)
{
	const struct entry *e;
	char *cur;
	size_t len;

	if (!strcmp(path, STASH))
		return 0;
	e = find_entry(path);
	if (!e) {
		fprintf(stderr, "fuzz: tree: stray %s\n", path);
		return 1;
	}
	if (e->type != 'f' || !e->data)
		return 0;
	if (read_file(path, &cur, &len))
		return 1;
	flag = len != e->len || memcmp(cur, e->data, len);
	free(cur);
	if (flag)
		fprintf(stderr, "fuzz: tree: %s differs\n", path);
	return flag;
}

int tree_verify(void)
{
	struct stat st;
	int i, bad = 0;

	if (nftw("/sys", verify_one, 32, FTW_PHYS))
		bad++;
	for (i = 0; i < nr_entries; i++) {
		if (!lstat(entries[i].path, &st))
			continue;
		fprintf(stderr, "fuzz: tree: %s is gone\n", entries[i].path);
		bad++;
	}
	return bad;
}
