#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Compare the version script with the SYMBOL VERSIONS section of libdaxctl(3):
# every node and symbol must appear in both, under the same node.
# usage: check-symbols.sh lib/libdaxctl.sym Documentation/libdaxctl.adoc
set -eu

sym=$1
page=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "NODE symbol" pairs from the version script
sed -e 's|/\*.*\*/||' "$sym" | awk '
	/^[A-Z0-9_]+[ \t]*\{/ { node = $1; next }
	/^}/ { node = ""; next }
	node != "" && /^[ \t]*[a-z_0-9]+;/ {
		s = $1; sub(/;$/, "", s); print node, s
	}' | sort >"$tmp/sym"

# "NODE symbol" pairs from the man page section
awk '
	/^== SYMBOL VERSIONS/ { on = 1; next }
	on && /^== / { exit }
	on && /^LIBDAXCTL_[A-Z0-9_]*.*::$/ { node = $1; sub(/::$/, "", node); next }
	on && node != "" && /^  / {
		n = split($0, w, /[ ,]+/)
		for (i = 1; i <= n; i++) if (w[i] != "") print node, w[i]
	}' "$page" | sort >"$tmp/page"

if [ ! -s "$tmp/sym" ] || [ ! -s "$tmp/page" ]; then
	echo "check-symbols: could not read symbols from $sym or $page" >&2
	exit 1
fi
if ! diff -u "$tmp/sym" "$tmp/page" >"$tmp/diff"; then
	echo "check-symbols: $sym and the SYMBOL VERSIONS of $page differ" >&2
	echo "(- only in the version script, + only in the man page)" >&2
	cat "$tmp/diff" >&2
	exit 1
fi
# and each has a description of its own ("*name*()::" or in a list of them)
missing=0
for s in $(cut -d' ' -f2 "$tmp/sym"); do
	if ! grep -q "^\*.*\*$s\*().*::\$" "$page" &&
	   ! grep -q "^\*$s\*()" "$page"; then
		echo "check-symbols: $s has no description in $page" >&2
		missing=1
	fi
done
[ "$missing" = 0 ] || exit 1
echo "check-symbols: $(wc -l <"$tmp/sym") symbols documented under their nodes"
