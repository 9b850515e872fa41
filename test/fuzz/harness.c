// SPDX-License-Identifier: GPL-2.0-only
/* Shared pieces of the libFuzzer targets; see harness.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <libdaxctl.h>

#include "harness.h"

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

void fuzz_check(bool ok, const char *what, const char *file, int line)
{
	if (ok)
		return;
	fprintf(stderr, "%s:%d: invariant violated: %s\n", file, line, what);
	abort();
}

void fuzz_require_fixture(void)
{
	struct statfs sfs;

	if (statfs("/sys", &sfs) == 0 && sfs.f_type == TMPFS_MAGIC)
		return;
	fprintf(stderr, "fuzz: /sys is not a fixture tree; run me through "
			"test/fixture/nsrun.sh FIXTURE -- %s (or test/fuzz/run.sh)\n",
			"TARGET");
	exit(1);
}

static void __attribute__((format(printf, 6, 0)))
quiet_log(struct daxctl_ctx *ctx, int priority, const char *file, int line,
		const char *fn, const char *format, va_list args)
{
	char buf[1024];

	/* formatted, so a bad argument is a finding, then dropped */
	vsnprintf(buf, sizeof(buf), format, args);
}

struct daxctl_ctx *fuzz_new_ctx(void)
{
	struct daxctl_ctx *ctx;

	if (daxctl_new(&ctx))
		return NULL;
	daxctl_set_log_fn(ctx, quiet_log);
	daxctl_set_log_priority(ctx, LOG_DEBUG);
	return ctx;
}

static char scratch[256];

static void remove_scratch(void)
{
	fuzz_clear_dir(scratch);
	rmdir(scratch);
}

const char *fuzz_scratch_dir(void)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NULL;

	if (scratch[0])
		return scratch;
	if (!base)
		base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(scratch, sizeof(scratch), "%s/daxctl-fuzz.XXXXXX", base);
	if (!mkdtemp(scratch)) {
		perror("fuzz: mkdtemp");
		exit(1);
	}
	atexit(remove_scratch);
	return scratch;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fuzz_write_file(const char *dir, const char *name, const void *buf,
		size_t len)
{
	char path[512];
	int fd, rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	rc = write_all(fd, buf, len);
	close(fd);
	return rc;
}

void fuzz_clear_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
}

int fuzz_split(const uint8_t *data, size_t size, uint8_t sep, int max,
		char **block, char **parts)
{
	char *b = malloc(size + 1);
	size_t i;
	int n = 0;

	*block = b;
	if (!b || max < 1)
		return 0;
	memcpy(b, data, size);
	b[size] = '\0';
	parts[n++] = b;
	for (i = 0; i < size && n < max; i++) {
		if ((uint8_t)b[i] != sep)
			continue;
		b[i] = '\0';
		parts[n++] = b + i + 1;
	}
	return n;
}
