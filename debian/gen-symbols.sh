#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Write debian/libdaxctl1.symbols from lib/libdaxctl.sym, or with --check
# fail when the checked-in file differs from what it would write, or with
# --breaks print libdaxctl1's Breaks (see below).
#
# The minimum version of each symbol is the first package version that
# provides its node. Upstream's nodes (LIBDAXCTL_N) take the version of the
# first Debian package of ndctl that had them, as Debian's own libdaxctl1
# symbols file does, so a program built against us may run on Debian's
# library when it uses only those. This project's nodes (LIBDAXCTL_REBUILT_N)
# exist nowhere else: they take our own epoch-1 versions, which no package of
# Debian's ndctl source can satisfy. A node missing from the table is an
# error: give it a version here when you add it.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
sym=$top/lib/libdaxctl.sym
out=$top/debian/libdaxctl1.symbols

# The first version of this source package: the oldest changelog entry.
first=$(sed -n 's/^daxctl (\([^)]*\)).*/\1/p' "$top/debian/changelog" | tail -n1)
first=${first%-*}
[ -n "$first" ] || { echo "gen-symbols: no version in debian/changelog" >&2; exit 1; }

minver() {
	case $1 in
	LIBDAXCTL_[1-5]) echo 63 ;;
	LIBDAXCTL_6) echo 66 ;;
	LIBDAXCTL_7) echo 67 ;;
	LIBDAXCTL_8) echo 71 ;;
	LIBDAXCTL_9) echo 72 ;;
	LIBDAXCTL_10) echo 81 ;;
	LIBDAXCTL_11) echo 85 ;;
	LIBDAXCTL_REBUILT_1 | LIBDAXCTL_REBUILT_2) echo "$first" ;;
	*) return 1 ;;
	esac
}

# "NODE SYMBOL" per exported symbol, "NODE" alone per node.
entries() {
	awk '
		{ sub(/\/\*.*\*\//, "") }
		/^[A-Za-z_][A-Za-z0-9_]* *\{/ { node = $1; sub(/\{.*/, "", node); print node; next }
		/^ *}/ { node = ""; next }
		/^[ \t]*(global|local):/ { next }
		node != "" && /^[ \t]*[A-Za-z_][A-Za-z0-9_]*;/ {
			s = $1; sub(/;.*/, "", s); print node, s
		}
	' "$sym"
}

for node in $(entries | awk 'NF == 1'); do
	minver "$node" >/dev/null || {
		echo "gen-symbols: node $node of lib/libdaxctl.sym has no minimum version in debian/gen-symbols.sh" >&2
		exit 1
	}
done

generate() {
	entries | while read -r node s; do
		echo " ${s:-$node}@$node $(minver "$node")"
	done | LC_ALL=C sort
}

# The epoch makes our libdaxctl1 satisfy every "libdaxctl1 (>= N)" of
# Debian's ndctl family, also from upstream releases whose new nodes we do
# not carry yet: those binaries would not start. Break the first release
# known (or, past the newest node we carry, assumed) to need a node we lack.
if [ "${1:-}" = --breaks ]; then
	top_node=$(entries | awk 'NF == 1 && /^LIBDAXCTL_[0-9]+$/ { sub(/LIBDAXCTL_/, ""); print }' |
		sort -n | tail -n1)
	case $top_node in
	10) next=85~ ;;
	11) next=86~ ;;
	*) echo "gen-symbols: no Breaks ceiling for upstream node LIBDAXCTL_$top_node" >&2; exit 1 ;;
	esac
	echo "ndctl (>= $next), cxl (>= $next), libndctl6 (>= $next), libcxl1 (>= $next)"
	exit 0
fi

body=$(generate)
new=$(printf '%s\n%s\n%s\n' 'libdaxctl.so.1 libdaxctl1 #MINVER#' \
	'* Build-Depends-Package: libdaxctl-dev' "$body")

if [ "${1:-}" = --check ]; then
	if [ "$new" != "$(cat "$out" 2>/dev/null)" ]; then
		printf '%s\n' "$new" | diff -u "$out" - >&2 || true
		echo "gen-symbols: debian/libdaxctl1.symbols is stale; run sh debian/gen-symbols.sh" >&2
		exit 1
	fi
	echo "gen-symbols: debian/libdaxctl1.symbols matches lib/libdaxctl.sym ($(printf '%s\n' "$body" | wc -l) entries)"
	exit 0
fi
printf '%s\n' "$new" >"$out"
