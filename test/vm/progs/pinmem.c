// SPDX-License-Identifier: GPL-2.0-only
/*
 * pinmem NODE MIB [pipe|pin]: hold MIB mebibytes of memory on NUMA node
 * NODE until killed, in one of two ways the memory-offline code cannot
 * get past:
 *  pipe: pipe buffers, allocated without __GFP_MOVABLE. In process context
 *        the page allocator follows the task's mempolicy, so binding to
 *        NODE puts them there. Offlining a ZONE_NORMAL block holding one
 *        fails at once with EBUSY ("unmovable page").
 *  pin:  anonymous memory registered as io_uring fixed buffers, a
 *        long-term pin. The pages look movable, so offlining isolates
 *        them and then retries the migration until a signal arrives.
 * This is how the VM tests make offlining fail on a real kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#define MPOL_BIND 2
#define IORING_REGISTER_BUFFERS 0
#define PIPE_BYTES (1 << 20)

static unsigned long node_mask[4];

static int make_mask(int node)
{
	if (node < 0 || node >= (int)(8 * sizeof(node_mask)))
		return -EINVAL;
	node_mask[node / (8 * sizeof(long))] = 1UL << (node % (8 * sizeof(long)));
	return 0;
}

/* Everything this task allocates, kernel objects included, comes from the node. */
static int bind_task(void)
{
	if (syscall(SYS_set_mempolicy, MPOL_BIND, node_mask, 8 * sizeof(node_mask)))
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

static long hold_pipes(long want)
{
	static char chunk[65536];
	struct rlimit rl = { 4096, 4096 };
	long held = 0, n;

	setrlimit(RLIMIT_NOFILE, &rl);
	memset(chunk, 0x5a, sizeof(chunk));
	while (held < want) {
		n = fill_pipe(chunk, sizeof(chunk));
		if (n <= 0) {
			fprintf(stderr, "pinmem: pipe: %s\n", strerror(n ? -n : ENOSPC));
			break;
		}
		held += n;
	}
	return held;
}

/* io_uring_setup's parameter block: 120 bytes, zeroed is a valid request */
static long hold_pins(long want)
{
	unsigned char params[120] = { 0 };
	struct iovec iov;
	int fd;

	iov.iov_len = want;
	iov.iov_base = mmap(NULL, want, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (iov.iov_base == MAP_FAILED)
		return -errno;
	/*
	 * Only the buffer goes to the node: page tables and io_uring's own
	 * objects stay local, or they would make the block unmovable and the
	 * offline would fail at once instead of retrying.
	 */
	if (syscall(SYS_mbind, iov.iov_base, want, MPOL_BIND, node_mask,
				8 * sizeof(node_mask), 0))
		return -errno;
	memset(iov.iov_base, 0x5a, want);
	fd = syscall(SYS_io_uring_setup, 4, params);
	if (fd < 0)
		return -errno;
	if (syscall(SYS_io_uring_register, fd, IORING_REGISTER_BUFFERS, &iov, 1))
		return -errno;
	return want;
}

int main(int argc, char **argv)
{
	bool pin = argc == 4 && !strcmp(argv[3], "pin");
	long want, held;
	int rc;

	if (argc < 3 || argc > 4 || (argc == 4 && !pin && strcmp(argv[3], "pipe"))) {
		fprintf(stderr, "usage: pinmem NODE MIB [pipe|pin]\n");
		return 2;
	}
	want = atol(argv[2]) << 20;
	rc = make_mask(atoi(argv[1]));
	if (!rc && !pin)
		rc = bind_task();
	if (rc) {
		fprintf(stderr, "pinmem: node %s: %s\n", argv[1], strerror(-rc));
		return 1;
	}
	held = pin ? hold_pins(want) : hold_pipes(want);
	if (held < 0) {
		fprintf(stderr, "pinmem: io_uring: %s\n", strerror(-held));
		return 1;
	}
	printf("pinned %ld MiB on node %s\n", held >> 20, argv[1]);
	fflush(stdout);
	signal(SIGTERM, SIG_DFL);
	for (;;)
		pause();
}
