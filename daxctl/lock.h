/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One host-wide advisory lock for every mutating daxctl command, so that
 * two invocations never interleave their steps on a device. Taken before
 * the state is read, held until exit. `list` and --dry-run take none.
 */
#ifndef _DAXCTL_LOCK_H_
#define _DAXCTL_LOCK_H_

#define DAXCTL_LOCK_DIR "/run/lock"
#define DAXCTL_LOCK_PATH DAXCTL_LOCK_DIR "/daxctl.lock"
/* Seconds to wait for another holder: $DAXCTL_LOCK_TIMEOUT, else 30. */
#define DAXCTL_LOCK_TIMEOUT 30

/*
 * flock(LOCK_EX) on DAXCTL_LOCK_PATH, waiting up to the timeout and saying
 * once on stderr that it waits (DAXCTL_LOCK_DIR is created if missing,
 * as the FHS has it). 0, or -errno with the error printed
 * (-ETIMEDOUT when the holder did not let go). Without permission to
 * create the file (non-root) it goes on unlocked: nothing can change then.
 */
int lock_take(void);
/* Let go (also happens at exit). */
void lock_release(void);

#endif /* _DAXCTL_LOCK_H_ */
