#!/bin/bash
# The exported ABI must match lib/libdaxctl.sym, the public header and the
# libdaxctl(3) page, and keep every upstream symbol on its upstream node.
set -euo pipefail
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
lib="$build/lib/libdaxctl.so.1"
fail=0

exported=$(objdump -T "$lib" | awk '$2 == "g" || $3 == "DF" {print}' |
	grep -oE '(LIBDAXCTL_[A-Z0-9_]+) +daxctl_[a-z0-9_]+' | awk '{print $1, $2}' | sort)
in_sym=$(awk '/^LIBDAXCTL/ {node=$1} /^\tdaxctl_/ {gsub(";",""); print node, $1}' \
	"$top/lib/libdaxctl.sym" | sort)
if [ "$exported" != "$in_sym" ]; then
	echo "not ok - exports differ from libdaxctl.sym:"
	diff <(echo "$in_sym") <(echo "$exported") || true
	fail=1
else
	echo "ok - $(echo "$exported" | wc -l) exports match libdaxctl.sym"
fi

# the man page: every export described under its node (check-symbols.sh);
# a missing page is a failure, never a skipped step
page=$top/Documentation/libdaxctl.adoc
undocumented=0
for s in $(echo "$in_sym" | awk '{print $2}'); do
	grep -qE "\b$s\(" "$top/lib/libdaxctl.h" || { echo "not ok - $s not in libdaxctl.h"; fail=1; }
	if [ -f "$page" ] && ! grep -qw -- "$s" "$page"; then
		echo "not ok - $s not documented in libdaxctl(3)"
		undocumented=$((undocumented + 1))
	fi
done
if [ ! -f "$page" ]; then
	echo "not ok - no man page $page"
	fail=1
elif ! out=$(sh "$top/Documentation/check-symbols.sh" "$top/lib/libdaxctl.sym" "$page" 2>&1); then
	echo "not ok - libdaxctl(3) does not document the ABI:"
	echo "$out" | sed 's/^/#   /' | head -n 30
	fail=1
elif [ "$undocumented" -ne 0 ]; then
	fail=1
else
	echo "ok - libdaxctl(3): ${out#check-symbols: }"
fi
# upstream nodes are frozen: 69 symbols in LIBDAXCTL_1..11 (ndctl v85)
n=$(echo "$in_sym" | grep -cE '^LIBDAXCTL_[0-9]+ ')
[ "$n" -eq 69 ] && echo "ok - 69 upstream symbols" || { echo "not ok - $n upstream symbols, want 69"; fail=1; }

# --- against ndctl 85 as Debian ships it (libdaxctl1, libdaxctl-dev 85-1) ---
# Every upstream node and symbol of Debian's library is in ours on the same
# node, and no numbered node is ours alone; every prototype of Debian's
# header is the same in ours; a program built with Debian's header links
# against our library and runs on it.
ref85() {
	local wrap
	wrap=$(bash "$top/test/vm/debian-daxctl.sh" 85 2>/dev/null) || return 1
	dirname "$(dirname "$wrap")"
}
skip85() {
	if [ "${CI:-}" = true ]; then
		echo "not ok - $*"
		fail=1
	else
		echo "########## SKIPPED: $* ##########" >&2
	fi
}
numbered() { grep -E '^LIBDAXCTL_[0-9]+ '; }
if ! d85=$(ref85) || [ ! -f "$d85/include/daxctl/libdaxctl.h" ]; then
	skip85 "Debian's 85 library and header not available (test/vm/fetch.sh --daxctl)"
else
	theirs=$(objdump -T "$d85/lib/libdaxctl.so.1" | awk '$3 == "DF" || $2 == "g"' |
		grep -oE '(LIBDAXCTL_[A-Z0-9_]+) +daxctl_[a-z0-9_]+' | awk '{print $1, $2}' | sort)
	missing=$(comm -23 <(echo "$theirs") <(echo "$exported"))
	if [ -n "$missing" ]; then
		echo "not ok - symbols of Debian's 85 library missing or on another node in ours:"
		echo "$missing" | sed 's/^/#   /'
		fail=1
	else
		echo "ok - all $(echo "$theirs" | wc -l) symbols of Debian's 85 library, same nodes"
	fi
	if [ "$(echo "$theirs" | numbered)" != "$(echo "$exported" | numbered)" ]; then
		echo "not ok - numbered nodes differ from Debian 85 (- 85, + ours):"
		diff <(echo "$theirs" | numbered) <(echo "$exported" | numbered) | sed 's/^/#   /'
		fail=1
	else
		echo "ok - LIBDAXCTL_1..11 hold exactly Debian 85's symbols"
	fi
	vd() { objdump -p "$1" | awk '/^Version definitions/ {on = 1; next}
		on && /^$/ {exit} on && $4 ~ /^LIBDAXCTL_[0-9]+$/ {print $4}'; }
	if [ "$(vd "$d85/lib/libdaxctl.so.1")" = "$(vd "$lib")" ]; then
		echo "ok - version definitions LIBDAXCTL_1..11 in 85's order"
	else
		echo "not ok - version definition order differs from Debian 85"
		fail=1
	fi
	tmp85=$(mktemp -d)
	# gcc -aux-info writes every declaration in one normalized form
	proto() {
		printf '#include <daxctl/libdaxctl.h>\n' >"$tmp85/p.c"
		gcc -I"$1" -aux-info "$tmp85/p.aux" -fsyntax-only "$tmp85/p.c" 2>/dev/null
		grep -oE '^/\* [^*]*libdaxctl\.h:[0-9]+:NC \*/ .*' "$tmp85/p.aux" |
			sed -E 's|^/\* [^*]*\*/ ||; s/ +/ /g' | grep -E '\bdaxctl_[a-z0-9_]+ \(' | sort
	}
	mkdir -p "$tmp85/ours/daxctl"
	cp "$top/lib/libdaxctl.h" "$tmp85/ours/daxctl/"
	proto "$d85/include" >"$tmp85/theirs.p"
	proto "$tmp85/ours" >"$tmp85/ours.p"
	bad=$(comm -23 "$tmp85/theirs.p" "$tmp85/ours.p")
	if [ ! -s "$tmp85/theirs.p" ] || [ -n "$bad" ]; then
		echo "not ok - prototypes of Debian's 85 header that ours declares differently:"
		echo "${bad:-(none read)}" | sed 's/^/#   /'
		fail=1
	else
		echo "ok - all $(wc -l <"$tmp85/theirs.p") prototypes of Debian's 85 header identical in ours"
	fi
	# every call of 85's header, referenced from a program built with it
	{
		printf '#include <stdio.h>\n#include <daxctl/libdaxctl.h>\n'
		printf 'static void *const calls[] = {\n'
		sed -E 's/.*\b(daxctl_[a-z0-9_]+) \(.*/\t(void *)\1,/' "$tmp85/theirs.p"
		printf '};\nint main(void)\n{\n\tstruct daxctl_ctx *ctx;\n'
		printf '\tif (daxctl_new(&ctx) < 0)\n\t\treturn 1;\n'
		printf '\tprintf("%%zu calls, mode end %%d, %%d\\n", sizeof(calls) / sizeof(calls[0]),\n'
		printf '\t\tDAXCTL_DEV_MODE_END, daxctl_dev_get_mode(NULL));\n'
		printf '\tdaxctl_unref(ctx);\n\treturn 0;\n}\n'
	} >"$tmp85/all85.c"
	if ! cc -Wall -Werror -I"$d85/include" -o "$tmp85/all85" "$tmp85/all85.c" \
		-L"$build/lib" -l:libdaxctl.so.1 -Wl,--no-undefined 2>"$tmp85/cc.err"; then
		echo "not ok - a program built with Debian's 85 header does not link with ours:"
		sed 's/^/#   /' "$tmp85/cc.err" | head -n 10
		fail=1
	elif ! out=$(LD_LIBRARY_PATH=$build/lib "$tmp85/all85" 2>&1) ||
		[ "$out" != "$(wc -l <"$tmp85/theirs.p") calls, mode end 3, -1" ]; then
		echo "not ok - the program built with Debian's 85 header fails on ours: $out"
		fail=1
	elif ! objdump -p "$tmp85/all85" | grep -q 'LIBDAXCTL_11'; then
		echo "not ok - the program built with 85's header does not import LIBDAXCTL_11"
		fail=1
	else
		echo "ok - a program with every call of Debian's 85 header links and runs on ours ($out)"
	fi
	rm -rf "$tmp85"
fi
exit $fail
