#!/bin/bash
# Benchmark: on Debian's 7.3 kernel (QEMU, hmem-big: 4 GiB = 32 blocks),
# reconfigure-device -m system-ram and -m devdax -f through the kmem state
# attribute (this tree) against the block-by-block path (this project's
# daxctl at BASE, the last commit before the state backend), same device,
# same boot. Reports wall, user and system time, the user-space share, and
# the sysfs writes per operation (strace). Writes
# bench/results/kmem-state-<date>.txt. Not a test: no assertions on time.
#   usage: bench/kmem-state-vm.sh   (env RUNS=N round trips, default 10)
set -euo pipefail
BASE=fcefcfb	# main before the engine and the kmem state backend
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash test/build.sh build
out=bench/results/kmem-state-$(date +%Y%m%d).txt
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
git archive "$BASE" | tar -x -C "$w" -f - --one-top-level=src
meson setup "$w/b" "$w/src" -Ddocs=disabled -Dtests=false >/dev/null
ninja -C "$w/b" >/dev/null
mkdir -p "$w/share/blocks/bin" "$w/share/blocks/lib"
cp "$w/b/daxctl/daxctl" "$w/share/blocks/bin/"
cp -L "$w/b/lib/libdaxctl.so.1" "$w/share/blocks/lib/"
bash test/vm/run.sh --topology hmem-big --kernel 7.3 --timeout 900 --build build \
	--share "$w/share" bench/kmem-state-guest.sh "${RUNS:-10}" >"$w/raw" ||
	{ cat "$w/raw"; exit 1; }
{
	echo "# reconfigure-device on Linux 7.3: kmem state attribute vs block by block"
	echo "# $(date -u +%Y-%m-%dT%H:%MZ), TCG guest, 2-core host; blocks = daxctl at $BASE"
	grep -E '^device ' "$w/raw"
	echo
	printf '%-11s %-5s %10s %10s %10s %8s\n' path dir real_ms user_ms sys_ms user_%
	awk '/^RESULT/ {
		split($4, r, "="); split($5, u, "="); split($6, s, "="); split($7, p, "=")
		printf "%-11s %-5s %10.1f %10.1f %10.1f %8s\n", $2, $3, r[2] / 1000, u[2] / 1000, s[2] / 1000, p[2]
	}' "$w/raw"
	echo
	echo "# sysfs files opened for writing per operation (up = -m system-ram from devdax, down = -m devdax -f)"
	grep -E '^WRITES' "$w/raw" | sed 's/^WRITES //'
	grep -E '^not ok' "$w/raw" || true
} | tee "$out"
echo "saved: $out"
