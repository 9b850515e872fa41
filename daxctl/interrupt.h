/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bounded, interruptible kernel work. Offlining memory retries inside the
 * kernel until a signal arrives when pages cannot be migrated (a long-term
 * pin, for instance). While a guard is up, SIGALRM (the time limit),
 * SIGINT and SIGTERM make the blocking write(2) return EINTR, so the
 * library can put back what it did instead of daxctl dying halfway.
 */
#ifndef _DAXCTL_INTERRUPT_H_
#define _DAXCTL_INTERRUPT_H_

/* Seconds for one offline of @blocks blocks: $DAXCTL_OFFLINE_TIMEOUT, else 60 + 1 per block; 0 = none. */
unsigned int offline_time_limit(int blocks);
/* Install the handlers and arm the time limit (0: none). */
void guard_begin(unsigned int seconds);
/* Disarm and restore; the signal that fired meanwhile, or 0. */
int guard_end(void);
/* The signal that fired under the current guard so far, or 0. */
int guard_fired(void);
/* Nonzero once SIGINT or SIGTERM arrived under a guard: stop, do no more. */
int guard_stop_requested(void);

#endif /* _DAXCTL_INTERRUPT_H_ */
