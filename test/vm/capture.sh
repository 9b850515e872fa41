#!/bin/bash
# Capture real sysfs trees from guests into fixture tarballs.
#
# usage: test/vm/capture.sh [-v] [--out DIR] [STATE...]
#   STATE: a script name in test/vm/capture/ (default: all of them), e.g.
#          hmem-boot hmem-online hmem-devdax hmem-split hmem2-boot cxl-region
#          hmem-mom-online k61-boot
#   --out  destination (default test/fixtures next to test/vm)
# Each state boots once (topology from the script's first line), sets the
# state by raw sysfs writes, and walks sysfs into a shadow tree that comes
# back over 9p.  Result: DIR/STATE.tar.xz with sys/, proc/{iomem,meminfo,
# zoneinfo,vmstat} and info, repacked in name order with fixed owner/mtime.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUTDIR=$(cd "$HERE/.." && pwd)/fixtures
VERBOSE=0
STATES=()
while [ $# -gt 0 ]; do
	case $1 in
	-v) VERBOSE=1 ;;
	--out) OUTDIR=${2:?}; shift ;;
	-h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "capture.sh: unknown option $1" >&2; exit 2 ;;
	*) STATES+=("$1") ;;
	esac
	shift
done
if [ ${#STATES[@]} -eq 0 ]; then
	for f in "$HERE"/capture/*.sh; do
		STATES+=("$(basename "$f" .sh)")
	done
fi
mkdir -p "$OUTDIR"

W=$(mktemp -d "${TMPDIR:-/tmp}/daxctl-capture.XXXXXX")
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM

rc=0
for s in "${STATES[@]}"; do
	script=$HERE/capture/$s.sh
	[ -f "$script" ] || { echo "capture.sh: no state $s" >&2; rc=1; continue; }
	read -r hdr <"$script"
	topo=$(sed -n 's/^# topology: \([^ ]*\).*/\1/p' <<<"$hdr")
	kern=$(sed -n 's/.* kernel: \([^ ]*\).*/\1/p' <<<"$hdr")
	share=$W/$s
	mkdir -p "$share" "$W/x-$s"
	if ! "$HERE/run.sh" --topology "$topo" --kernel "${kern:-6.12}" --share "$share" \
		"$script" "$s" >"$W/$s.log" 2>&1; then
		echo "FAIL $s"
		sed 's/^/    /' "$W/$s.log"
		rc=1
		continue
	fi
	[ "$VERBOSE" = 1 ] && sed 's/^/    /' "$W/$s.log"
	if [ ! -s "$share/$s.tar" ]; then
		echo "FAIL $s: the guest wrote no $s.tar"
		sed 's/^/    /' "$W/$s.log"
		rc=1
		continue
	fi
	tar -C "$W/x-$s" -xpf "$share/$s.tar"
	tar -C "$W/x-$s" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
		-cf - sys proc info | xz -9 >"$W/$s.tar.xz"
	mv "$W/$s.tar.xz" "$OUTDIR/$s.tar.xz"
	printf 'ok   %-16s %6s KiB, %s entries\n' "$s" \
		"$(($(stat -c %s "$OUTDIR/$s.tar.xz") / 1024))" \
		"$(find "$W/x-$s" | wc -l)"
done
exit "$rc"
