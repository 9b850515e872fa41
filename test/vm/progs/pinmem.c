// SPDX-License-Identifier: GPL-2.0-only
/*
 * pinmem NODE MIB: hold MIB mebibytes of unmovable kernel memory on NUMA
 * node NODE until killed. Pipe buffers are allocated without
 * __GFP_MOVABLE, and in process context the page allocator follows the
 * task's mempolicy, so binding to NODE puts them there. A memory block in
 * ZONE_NORMAL that holds such a page cannot be offlined (EBUSY): this is
 * how the VM tests make offlining fail on a real kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MPOL_BIND 2
#define PIPE_BYTES (1 << 20)

static int bind_node(int node)
{
	unsigned long mask[4] = { 0 };

	if (node < 0 || node >= (int)(8 * sizeof(mask)))
		return -EINVAL;
	mask[node / (8 * sizeof(long))] = 1UL << (node % (8 * sizeof(long)));
	if (syscall(SYS_set_mempolicy, MPOL_BIND, mask, 8 * sizeof(mask)))
		return -errno;
	return 0;
}

static long fill_pipe(const char *chunk, size_t len)
{
	int fds[2];
	long total = 0;
	ssize_t n;

	if (pipe2(fds, O_NONBLOCK))
		return -errno;
	fcntl(fds[1], F_SETPIPE_SZ, PIPE_BYTES);
	while ((n = write(fds[1], chunk, len)) > 0)
		total += n;
	return total;	/* both ends stay open: the pages stay allocated */
}

int main(int argc, char **argv)
{
	static char chunk[65536];
	struct rlimit rl = { 4096, 4096 };
	long want, held = 0, n;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: pinmem NODE MIB\n");
		return 2;
	}
	want = atol(argv[2]) << 20;
	setrlimit(RLIMIT_NOFILE, &rl);
	rc = bind_node(atoi(argv[1]));
	if (rc) {
		fprintf(stderr, "pinmem: set_mempolicy: %s\n", strerror(-rc));
		return 1;
	}
	memset(chunk, 0x5a, sizeof(chunk));
	while (held < want) {
		n = fill_pipe(chunk, sizeof(chunk));
		if (n <= 0) {
			fprintf(stderr, "pinmem: pipe: %s\n", strerror(n ? -n : ENOSPC));
			break;
		}
		held += n;
	}
	printf("pinned %ld MiB on node %s\n", held >> 20, argv[1]);
	fflush(stdout);
	signal(SIGTERM, SIG_DFL);
	for (;;)
		pause();
}
