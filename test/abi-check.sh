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

for s in $(echo "$in_sym" | awk '{print $2}'); do
	grep -qE "\b$s\(" "$top/lib/libdaxctl.h" || { echo "not ok - $s not in libdaxctl.h"; fail=1; }
	if [ -f "$top/Documentation/libdaxctl.adoc" ]; then
		grep -q "$s" "$top/Documentation/libdaxctl.adoc" ||
			{ echo "not ok - $s not documented in libdaxctl(3)"; fail=1; }
	fi
done
# upstream nodes are frozen: 64 symbols in LIBDAXCTL_1..10 (ndctl v79..v81)
n=$(echo "$in_sym" | grep -cE '^LIBDAXCTL_[0-9]+ ')
[ "$n" -eq 64 ] && echo "ok - 64 upstream symbols" || { echo "not ok - $n upstream symbols, want 64"; fail=1; }
exit $fail
