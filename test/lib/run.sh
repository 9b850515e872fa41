#!/bin/bash
# The library API test on captured fixtures, each in its own mount namespace.
# usage: test/lib/run.sh BUILD_DIR   (env VALGRIND=1: under valgrind)
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
api=${1:?build dir}/test/lib/api
. "$top/test/fixture/lib.sh"
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wrap=()
[ "${VALGRIND:-0}" = 1 ] && wrap=(valgrind -q --error-exitcode=99 --leak-check=full)
for fx in hmem-online k61-boot kmem-unplugged k73-unplugged users-devzero; do
	if path=$(fixture_path "$fx" "$tmp"); then
		out=$(bash "$top/test/fixture/nsrun.sh" "$path" "${wrap[@]}" "$api" "$fx" 2>&1)
		rc=$?
	else
		out="cannot build fixture $fx" rc=125
	fi
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n1)
	echo "# $fx: ${line:-no result} (exit $rc)"
	grep -E '^not ok|==[0-9]+==|runtime error|ERROR' <<<"$out" || true
	if [ -n "$line" ]; then
		pass=$((pass + ${line%% passed*}))
		line=${line#*passed, }
		fail=$((fail + ${line%% failed*}))
	fi
	# a crash, a sanitizer or valgrind finding fails the run whatever it counted
	if [ "$rc" != 0 ] || [ -z "$line" ]; then fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
