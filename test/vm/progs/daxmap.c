// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxmap DEVICE MODE: hold a device-DAX character device the way an
 * application does, until SIGTERM.
 *   MODE map: open, mmap 2 MiB shared, touch it, close the fd (only the
 *             mapping holds the device)
 *   MODE fd:  open and keep the fd (no mapping)
 * Prints "held PID" on stdout once it holds the device; "SIGBUS" and exit
 * 3 if the memory is pulled away while it touches the mapping again.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAP_BYTES (2UL << 20)

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	stop = sig;
}

static void on_bus(int sig)
{
	(void)sig;
	write(1, "SIGBUS\n", 7);
	_exit(3);
}

int main(int argc, char **argv)
{
	volatile char *p = NULL;
	int fd, map;

	if (argc != 3 || (strcmp(argv[2], "map") && strcmp(argv[2], "fd"))) {
		fprintf(stderr, "usage: daxmap DEVICE map|fd\n");
		return 2;
	}
	map = !strcmp(argv[2], "map");
	signal(SIGTERM, on_term);
	signal(SIGBUS, on_bus);
	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	if (map) {
		p = mmap(NULL, MAP_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		p[0] = 1;
		close(fd);
	}
	printf("held %d\n", getpid());
	fflush(stdout);
	while (!stop) {
		sleep(1);
		if (p)
			p[0]++;
	}
	return 0;
}
