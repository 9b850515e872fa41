#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The bounded fuzz run of test/all.sh: build the libFuzzer targets (clang,
# ASan+UBSan), then run each from its seed corpus for a fixed time; the
# sysfs target first replays its corpus checking that every input leaves
# the fixture tree exactly as it found it. Any crash, leak, timeout, OOM
# or invariant failure fails its target. One result per target, then
# "N passed, N failed".
#
# usage: test/fuzz/run.sh [-t SECONDS-PER-TARGET] [TARGET...]   (root)
#   FUZZ_SECONDS (default 45) is the same as -t; FUZZ_BUILD the build dir.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/test/fuzz/lib.sh"

secs=${FUZZ_SECONDS:-45}
if [ "${1:-}" = -t ]; then
	secs=$2
	shift 2
fi
targets=${*:-$FUZZ_TARGETS}

if ! why=$(fuzz_prereq); then
	echo "$why"
	if [ "${CI:-}" = true ]; then
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "fuzz: SKIPPED"
	exit 77
fi
fuzz_setup || { echo "fuzz: build failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0
for t in $targets; do
	fixtures=$(fuzz_fixtures "$t")
	n=$(wc -l <<<"$fixtures")
	each=$((secs / n))
	[ "$each" -ge 5 ] || each=5
	total=0 why=
	if [ "$t" = sysfs ]; then
		for fix in $fixtures; do
			FUZZ_TREE_VERIFY=1 fuzz_run "$t" "$fix" -runs=0 ||
				why="tree not restored on $fix: ${fuzz_finding}"
			[ -n "$why" ] && break
		done
	fi
	for fix in $fixtures; do
		[ -n "$why" ] && break
		fuzz_run "$t" "$fix" -max_total_time="$each" || why="on $fix: $fuzz_finding"
		total=$((total + fuzz_execs))
	done
	if [ -z "$why" ]; then
		echo "fuzz-$t: $total executions in ${secs}s on $(echo $fixtures), no finding"
		passed=$((passed + 1))
	else
		echo "fuzz-$t: FAILED $why (log $fuzz_log)"
		failed=$((failed + 1))
	fi
done
echo "fuzz: logs and artifacts in $fuzz_work"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
