#!/bin/bash
# Benchmark: reconfigure-device on a real 6.12 kernel (QEMU, 8 GiB = 64 blocks
# of emulated HMEM), ours against Debian's daxctl 76.1 in the same boot.
# Reports, per direction, the share of the wall time our process spends in
# user space (target: <= 2 %), and sysfs accesses per block (target: one
# read and one write of memoryN/state to online). Writes
# bench/results/reconfigure-vm-<date>.txt. Not a test: no assertions on time.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash test/build.sh build
out=bench/results/reconfigure-vm-$(date +%Y%m%d).txt
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
bash test/vm/run.sh --topology hmem-big --timeout 900 --build build \
	bench/reconfigure-guest.sh >"$raw" || { cat "$raw"; exit 1; }
{
	echo "# reconfigure-device devdax <-> system-ram, $(date -u +%Y-%m-%dT%H:%MZ), TCG guest, 2-core host"
	grep -E '^device ' "$raw"
	echo
	printf '%-12s %-5s %10s %10s %10s %8s\n' tool dir real_ms user_ms sys_ms user_%
	awk '/^RESULT/ {
		split($4, r, "="); split($5, u, "="); split($6, s, "="); split($7, p, "=")
		printf "%-12s %-5s %10.1f %10.1f %10.1f %8s\n", $2, $3, r[2] / 1000, u[2] / 1000, s[2] / 1000, p[2]
	}' "$raw"
	echo
	echo "# sysfs accesses while going to system-ram (strace; memoryN files only unless noted)"
	grep -E '^ACCESS' "$raw" | sed 's/^ACCESS //'
	awk '/^ACCESS/ {
		for (i = 3; i <= NF; i++) { split($i, kv, "="); v[$2, kv[1]] = kv[2] }
		n[$2] = 1
	} END {
		for (t in n) printf "%s: per block: state reads %.2f, state writes %.2f, all block files %.2f\n",
			t, v[t, "state_read"] / v[t, "blocks"], v[t, "state_write"] / v[t, "blocks"],
			v[t, "block_files"] / v[t, "blocks"]
	}' "$raw" | sort
} | tee "$out"
echo "saved: $out"
