#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The long fuzz run, the benchmark of record: each target for at least
# FUZZ_RUNS (default 1000000) executions, split evenly over its fixtures,
# one target after another under nice. Reports executions, coverage and
# findings per target, then "N passed, N failed". Not part of test/all.sh
# (it takes about an hour on two cores).
#
# usage: test/fuzz/long.sh [TARGET...]   (root)
#   FUZZ_RUNS, FUZZ_NICE (default 10), FUZZ_LONG_MAX_SECONDS (default 7200 per run),
#   FUZZ_PARALLEL=1: a target's fixtures at the same time (sysfs has four)
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/test/fuzz/lib.sh"

runs=${FUZZ_RUNS:-1000000}
export FUZZ_NICE=${FUZZ_NICE:-10}
cap=${FUZZ_LONG_MAX_SECONDS:-7200}
targets=${*:-$FUZZ_TARGETS}

if ! why=$(fuzz_prereq); then
	echo "$why"
	echo "0 passed, 1 failed"
	exit 1
fi
fuzz_setup || { echo "fuzz: build failed"; echo "0 passed, 1 failed"; exit 1; }

# one fixture's run; its results in files, so that runs can go in parallel
one() {
	local t=$1 fix=$2 each=$3 r=$fuzz_work/result-$1-$2 cov

	fuzz_run "$t" "$fix" -runs="$each" -max_total_time="$cap"
	cov=$(grep -E '^#[0-9]+.*(DONE|pulse)' "$fuzz_log" | tail -n1 |
		sed -E 's/.*(cov: [0-9]+ ft: [0-9]+ corp: [0-9]+).*/\1/')
	echo "$fuzz_execs $cov" >"$r.count"
	printf '%s' "$fuzz_finding" >"$r.finding"
}

passed=0 failed=0
for t in $targets; do
	fixtures=$(fuzz_fixtures "$t")
	n=$(wc -l <<<"$fixtures")
	each=$(((runs + n - 1) / n))
	total=0 why= detail= start=$SECONDS
	for fix in $fixtures; do
		if [ "${FUZZ_PARALLEL:-}" = 1 ]; then
			one "$t" "$fix" "$each" &
		else
			one "$t" "$fix" "$each"
		fi
	done
	wait
	for fix in $fixtures; do
		r=$fuzz_work/result-$t-$fix
		read -r execs cov <"$r.count" || execs=0
		total=$((total + execs))
		detail="${detail:+$detail, }$fix $execs ($cov)"
		[ -s "$r.finding" ] && why="${why:+$why; }on $fix: $(cat "$r.finding")"
	done
	[ "$total" -ge "$runs" ] || why="${why:+$why; }only $total executions"
	if [ -z "$why" ]; then
		echo "fuzz-$t: $total executions in $((SECONDS - start)) s, no finding [$detail]"
		passed=$((passed + 1))
	else
		echo "fuzz-$t: FAILED after $total executions: $why [$detail]"
		failed=$((failed + 1))
	fi
done
echo "fuzz: logs, new inputs and artifacts in $fuzz_work"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
