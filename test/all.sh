#!/bin/bash
# Every test of the project, on a fresh Debian machine as root:
#   build (plain, clang and ASan+UBSan), fixture tests under both builds,
#   valgrind on the fixture cases, the bounded libFuzzer run (test/fuzz),
#   and the real-kernel suite in QEMU.
# Ends with one line "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash test/deps.sh || exit 1

log=$(mktemp -d /tmp/daxctl-all.XXXXXX)
passed=0 failed=0

# Run one step; harvest its "N passed, N failed" line, or count it as one test.
step() {
	local name=$1 rc line
	shift
	echo "== $name"
	"$@" 2>&1 | tee "$log/$name.log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log/$name.log" | tail -n1)
	if [ -n "$line" ]; then
		line=${line#*: }
		passed=$((passed + ${line%% passed*}))
		line=${line#*passed, }
		failed=$((failed + ${line%% failed*}))
		[ "$rc" -ne 0 ] && [ "${line%% failed*}" -eq 0 ] && failed=$((failed + 1))
	elif [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	[ "$rc" -eq 0 ] || echo "== $name FAILED (exit $rc, log $log/$name.log)"
}

step build bash test/build.sh build
step build-clang env CC=clang bash test/build.sh build-clang
# -fno-sanitize-recover: a UBSan finding fails the run, in the VM guest too
# (no environment variable reaches the guest)
step build-asan bash test/build.sh build-asan -Db_sanitize=address,undefined \
	-Db_lundef=false -Dc_args=-fno-sanitize-recover=all
step abi bash test/abi-check.sh build
# the CLI's parsers alone, no root (test/unit)
step unit build/test/unit/unit
step unit-asan env ASAN_OPTIONS=detect_leaks=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 build-asan/test/unit/unit
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
step api bash test/lib/run.sh build
step api-asan bash test/lib/run.sh build-asan
step api-valgrind env VALGRIND=1 bash test/lib/run.sh build
step api-diff85 bash test/lib/diff85.sh build
step fixtures env DAXCTL="$top/build/daxctl/daxctl" bash test/fixture/run-cases.sh
step fixtures-asan env DAXCTL="$top/build-asan/daxctl/daxctl" bash test/fixture/run-cases.sh
step fixtures-valgrind env VALGRIND=1 DAXCTL="$top/build/daxctl/daxctl" \
	bash test/fixture/run-cases.sh
step faults env DAXCTL="$top/build/daxctl/daxctl" bash test/fixture/faults.sh
step engine env DAXCTL="$top/build/daxctl/daxctl" bash test/fixture/engine.sh
step engine-asan env DAXCTL="$top/build-asan/daxctl/daxctl" bash test/fixture/engine.sh
step diff-debian env DAXCTL="$top/build/daxctl/daxctl" bash test/fixture/diff-debian.sh
# each libFuzzer target ~45 s under ASan+UBSan (clang, build-fuzz)
step fuzz bash test/fuzz/run.sh
# the Debian packages from a clean copy, and lintian (errors fail)
# (kept in build/debs: the VM topologies deb and deb-race boot them)
step deb bash test/deb.sh build/debs
step vm env DAXCTL_BUILD="$top/build" bash test/vm/suite.sh
# the reconfigure paths on the real kernel once more, under ASan+UBSan
step vm-asan env DAXCTL_BUILD="$top/build-asan" bash test/vm/suite.sh \
	mom-hmem-mom mom-cxl reconf-interrupt mom-hmem2

echo
echo "logs: $log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
