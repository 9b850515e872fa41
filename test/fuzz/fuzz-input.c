// SPDX-License-Identifier: GPL-2.0-only
/*
 * create-device --input (json.c): the input, written to a file, read as
 * the device description `daxctl list` prints (an object, or an array of
 * exactly one), as dax_json_read_input() does for the command.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_scratch_dir();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_scratch_dir();
	struct dax_input in;
	char path[512];
	int i, rc;

	if (fuzz_write_file(dir, "input.json", data, size))
		return 0;
	snprintf(path, sizeof(path), "%s/input.json", dir);
	rc = dax_json_read_input(path, &in);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOENT || rc == -ENOMEM);
	if (rc) {
		FUZZ_CHECK(!in.ranges && !in.nr_ranges);
		return 0;
	}
	FUZZ_CHECK(in.region_id >= -1);
	FUZZ_CHECK(in.nr_ranges >= 0 && (in.nr_ranges == 0) == !in.ranges);
	for (i = 0; i < in.nr_ranges; i++) {
		FUZZ_CHECK(in.ranges[i].end >= in.ranges[i].start);
		if (i)
			FUZZ_CHECK(in.ranges[i - 1].pgoff <= in.ranges[i].pgoff);
	}
	dax_input_release(&in);
	FUZZ_CHECK(!in.ranges && !in.nr_ranges);
	return 0;
}
