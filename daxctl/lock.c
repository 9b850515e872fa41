// SPDX-License-Identifier: GPL-2.0-only
/* The host-wide daxctl lock: flock(2) on a file under /run/lock. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"

#define POLL_USEC 50000

static int lock_fd = -1;

static unsigned int lock_timeout(void)
{
	const char *s = getenv("DAXCTL_LOCK_TIMEOUT");
	unsigned long v;
	char *end;

	if (s && *s) {
		errno = 0;
		v = strtoul(s, &end, 10);
		if (!*end && !errno && v <= 86400)
			return (unsigned int)v;
	}
	return DAXCTL_LOCK_TIMEOUT;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int lock_wait(int fd, unsigned int limit)
{
	double deadline = now() + limit;
	bool said = false;

	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -errno;
		if (now() >= deadline)
			return -ETIMEDOUT;
		if (!said) {
			fprintf(stderr, "daxctl: waiting for another daxctl to finish "
					"(%s, up to %u s)\n", DAXCTL_LOCK_PATH, limit);
			said = true;
		}
		usleep(POLL_USEC);
	}
}

int lock_take(void)
{
	unsigned int limit = lock_timeout();
	int fd, rc;

	if (lock_fd >= 0)
		return 0;
	fd = open(DAXCTL_LOCK_PATH, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno == ENOENT && mkdir(DAXCTL_LOCK_DIR, 01777) == 0)
		fd = open(DAXCTL_LOCK_PATH, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS))
		fd = open(DAXCTL_LOCK_PATH, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		/* no /run/lock, or not root: there is nothing we could change anyway */
		return 0;
	}
	rc = lock_wait(fd, limit);
	if (rc) {
		close(fd);
		if (rc == -ETIMEDOUT)
			fprintf(stderr, "error: another daxctl held %s for %u s; "
					"DAXCTL_LOCK_TIMEOUT=<seconds> waits longer\n",
					DAXCTL_LOCK_PATH, limit);
		else
			fprintf(stderr, "error: lock %s: %s\n", DAXCTL_LOCK_PATH,
					strerror(-rc));
		return rc;
	}
	lock_fd = fd;
	return 0;
}

void lock_release(void)
{
	if (lock_fd < 0)
		return;
	close(lock_fd);
	lock_fd = -1;
}
