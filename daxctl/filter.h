/* SPDX-License-Identifier: GPL-2.0-only */
/* Region and device selection shared by list and the device commands. */
#ifndef _DAXCTL_FILTER_H_
#define _DAXCTL_FILTER_H_

#include <stdbool.h>

struct daxctl_ctx;
struct daxctl_region;
struct daxctl_dev;

struct dev_spec {
	const char *arg;	/* as typed, for messages */
	int region_id;		/* -1 with dev_id -1: "all" */
	int dev_id;
	bool matched;
};

struct dax_filter {
	int region_id;		/* -1: every region */
	struct dev_spec *specs;
	int nr_specs;		/* 0: every device */
};

/* "all" (*id = -1), "N" or "regionN"; -EINVAL for anything else. */
int filter_parse_region(const char *arg, int *id);
/*
 * "all", "daxX.Y", "X.Y", or a path whose last component is one of those
 * ("/dev/dax0.0"). -EINVAL for anything else.
 */
int filter_parse_dev(const char *arg, struct dev_spec *spec);

/*
 * Build a filter from an optional -r argument and @nr device arguments.
 * Returns 0, -EINVAL (a message naming the bad argument was printed) or
 * -ENOMEM.
 */
int filter_init(struct dax_filter *f, const char *region, int nr,
		const char **args);
void filter_release(struct dax_filter *f);

bool filter_region(const struct dax_filter *f, struct daxctl_region *region);
/* Also records which device arguments matched something. */
bool filter_dev(struct dax_filter *f, struct daxctl_dev *dev);

/*
 * Every matching device, in the library's (sorted) order, each once.
 * *devs is malloc'ed (NULL when none matched). 0 or -ENOMEM.
 */
int filter_collect(struct daxctl_ctx *ctx, struct dax_filter *f,
		struct daxctl_dev ***devs, int *nr);
/* Print one error line per device argument that matched nothing; count. */
int filter_report_unmatched(const struct dax_filter *f);

#endif /* _DAXCTL_FILTER_H_ */
