// SPDX-License-Identifier: GPL-2.0-only
/*
 * Errno probe for VM tests: "wr FILE VALUE" does exactly one open() and one
 * write(2) of VALUE (no newline added), prints "OK" or "ERR <errno> <NAME>"
 * and exits with the errno (0 on success).  A shell redirect only gives a
 * message; sysfs tests need the exact errno of the store.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int report(int err)
{
	const char *name;

	if (!err) {
		puts("OK");
		return 0;
	}
	name = strerrorname_np(err);
	printf("ERR %d %s\n", err, name ? name : "UNKNOWN");
	return err;
}

int main(int argc, char **argv)
{
	ssize_t n;
	size_t len;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: wr FILE VALUE\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return report(errno);
	len = strlen(argv[2]);
	n = write(fd, argv[2], len);
	if (n < 0)
		return report(errno);
	close(fd);
	if ((size_t)n != len) {
		printf("ERR short write %zd of %zu\n", n, len);
		return 1;
	}
	return report(0);
}
