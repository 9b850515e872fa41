#!/bin/bash
# Differential test of the LIBDAXCTL_11 calls: test/lib/modes.c built with
# Debian's libdaxctl-dev 85 header, run on each fixture once with Debian's
# libdaxctl.so.1 85 and once with ours, both through sid's own loader, in
# the same mount namespace. Outputs are compared after sorting by device
# (Debian's library lists in reverse readdir order, ours in numeric order).
# usage: test/lib/diff85.sh BUILD_DIR
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
# shellcheck source=../fixture/lib.sh
source "$top/test/fixture/lib.sh"

require_common
ref=$(dirname "$(dirname "$("$top/test/vm/debian-daxctl.sh" 85 2>/dev/null)")") ||
	missing_prereq "cannot get Debian's daxctl 85 (test/vm/debian-daxctl.sh 85)"
[ -f "$ref/include/daxctl/libdaxctl.h" ] ||
	missing_prereq "$ref has no include/daxctl/libdaxctl.h (refetch: test/vm/fetch.sh --daxctl)"

work=$(mktemp -d /tmp/daxctl-diff85.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/fixtures"
prog=$work/modes
# against Debian's header, linked with our library (as a program built on sid would be)
cc -Wall -Wextra -Werror -I"$ref/include" -o "$prog" "$top/test/lib/modes.c" \
	-L"$build/lib" -l:libdaxctl.so.1 || { echo "not ok - modes.c does not build"; exit 1; }

FIXTURES=(famfs famfs-split hmem-online hmem-devdax hmem-boot syn-hmem-disabled
	syn-dyn-multi cxl-region k61-boot syn-pmem-static syn-empty)
# Documented differences, dropped from both sides before comparing:
# famfs-split has the fsdev_dax driver directory but no module in the
# namespace's empty /lib/modules. Ours takes a driver directory as "loaded
# or built in" and goes on to bind (nothing binds in a fixture: -ENXIO);
# 85 asks libkmod every time and stops with -ENOENT. On a kernel both load
# the module, or find it loaded.
declare -A EXEMPT=([famfs-split.enable]='^dax0\.2 enabled=0 enable_famfs=')
n=0 passed=0 failed=0
for fx in "${FIXTURES[@]}"; do
	selected "$fx" "${@:2}" || continue
	if ! fix=$(fixture_path "$fx" "$work/fixtures"); then
		n=$((n + 1)) failed=$((failed + 1))
		echo "not ok $n - $fx: cannot build the fixture"
		continue
	fi
	for arg in show enable; do
		n=$((n + 1))
		# shellcheck disable=SC2016
		"$NSRUN" "$fix" -- bash -c '
			"$1/lib/ld-linux-x86-64.so.2" --library-path "$1/lib" "$3" "$4" \
				>"$5.ref" 2>"$5.ref.err"
			echo $? >>"$5.ref"
			"$1/lib/ld-linux-x86-64.so.2" --library-path "$2/lib:$1/lib" "$3" "$4" \
				>"$5.our" 2>"$5.our.err"
			echo $? >>"$5.our"
			"$1/lib/ld-linux-x86-64.so.2" --list --library-path "$2/lib:$1/lib" "$3" \
				>"$5.ldd"' diff85 "$ref" "$build" "$prog" "$arg" "$work/$fx.$arg"
		t=$work/$fx.$arg
		if [ -n "${EXEMPT[$fx.$arg]:-}" ]; then
			sed -i -E "/${EXEMPT[$fx.$arg]}/d" "$t.ref" "$t.our"
		fi
		if ! grep -q "libdaxctl.so.1 => $build/lib/" "$t.ldd"; then
			echo "not ok $n - $fx $arg: our library was not the one loaded"
			failed=$((failed + 1))
		elif cmp -s <(sort -s -k1,1 "$t.ref") <(sort -s -k1,1 "$t.our"); then
			echo "ok $n - $fx: modes.c $arg identical on 85's library and ours"
			passed=$((passed + 1))
		else
			echo "not ok $n - $fx: modes.c $arg differs (- Debian 85, + ours)"
			diff -u <(sort -s -k1,1 "$t.ref") <(sort -s -k1,1 "$t.our") |
				tail -n +3 | sed 's/^/#   /'
			sed 's/^/#   ours said: /' "$t.our.err" | head -n 5
			failed=$((failed + 1))
		fi
	done
done
echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$n" -gt 0 ]
