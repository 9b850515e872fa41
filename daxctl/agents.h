/* SPDX-License-Identifier: GPL-2.0-only */
/* Who else onlines memory: the kernel policy and installed udev rules. */
#ifndef _DAXCTL_AGENTS_H_
#define _DAXCTL_AGENTS_H_

struct daxctl_ctx;

/*
 * "auto_online_blocks is online_movable; udev rule /usr/lib/udev/rules.d/
 * 40-memory.rules:3 matches SUBSYSTEM==\"memory\"" into @buf.
 */
void agents_text(struct daxctl_ctx *ctx, char *buf, int len);

#endif /* _DAXCTL_AGENTS_H_ */
