// SPDX-License-Identifier: GPL-2.0-only
/*
 * rusage CMD [ARGS...]: run CMD and print, on stderr, one line
 *   rusage real_us=N user_us=N sys_us=N status=N
 * with microsecond resolution (busybox time has 10 ms). user is the time
 * spent in the program itself; sys includes the kernel work done on its
 * behalf (a kmem bind hot-adds memory inside the write(2)).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long us(struct timeval tv)
{
	return tv.tv_sec * 1000000LL + tv.tv_usec;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: rusage CMD [ARGS...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
		perror("rusage");
		return 125;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "rusage real_us=%lld user_us=%lld sys_us=%lld status=%d\n",
			(t1.tv_sec - t0.tv_sec) * 1000000LL +
			(t1.tv_nsec - t0.tv_nsec) / 1000,
			us(ru.ru_utime), us(ru.ru_stime),
			WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
