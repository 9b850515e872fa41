/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The state-change engine, part 2: run a plan's steps, recording each
 * applied step's exact inverse in an undo log; on a failure print ONE
 * error line (device, step, errno text, hint), run the inverses in
 * reverse, and re-read the device: it must equal the start state. After
 * success the device is re-read too and must equal the plan's target. A
 * mismatch is an error, never a silent success.
 *
 * Two exceptions: a kmem unbind after which the memory is still added
 * ("memory stranded until reboot") stops everything, because nothing can
 * be bound again; and a step refused before any write rolls back nothing.
 */
#ifndef _DAXCTL_APPLY_H_
#define _DAXCTL_APPLY_H_

#include "plan.h"

/*
 * Apply @p (plan_build() succeeded and p->rc == 0). Returns 0, or the
 * errno of the failed step with its error line printed and the device
 * rolled back (or the rollback's own failure printed too).
 */
int plan_apply(struct plan *p);

/* Print @p's failed check as the one error line; returns p->rc. */
int plan_report(const struct plan *p);

#endif /* _DAXCTL_APPLY_H_ */
