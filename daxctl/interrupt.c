// SPDX-License-Identifier: GPL-2.0-only
/* Time limit and signal handling around blocking memory hotplug writes. */
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interrupt.h"

static const int guarded[] = { SIGALRM, SIGINT, SIGTERM };
static struct sigaction saved[sizeof(guarded) / sizeof(guarded[0])];
static volatile sig_atomic_t fired, stop;

static void on_signal(int sig)
{
	fired = sig;
	if (sig != SIGALRM)
		stop = sig;
}

unsigned int offline_time_limit(int blocks)
{
	const char *s = getenv("DAXCTL_OFFLINE_TIMEOUT");
	unsigned long v;
	char *end;

	if (s && *s) {
		v = strtoul(s, &end, 10);
		if (!*end && v <= UINT_MAX)
			return (unsigned int)v;
	}
	return 60 + (blocks > 0 ? (unsigned int)blocks : 0);
}

void guard_begin(unsigned int seconds)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: the write must see EINTR */
	sigemptyset(&sa.sa_mask);
	fired = 0;
	for (i = 0; i < sizeof(guarded) / sizeof(guarded[0]); i++)
		sigaction(guarded[i], &sa, &saved[i]);
	alarm(seconds);
}

int guard_end(void)
{
	size_t i;

	alarm(0);
	for (i = 0; i < sizeof(guarded) / sizeof(guarded[0]); i++)
		sigaction(guarded[i], &saved[i], NULL);
	return fired;
}

int guard_fired(void)
{
	return fired;
}

int guard_stop_requested(void)
{
	return stop;
}
