#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark `daxctl list -D` and `daxctl list -RD`: ours against Debian's
# daxctl 76.1 and 85 on one generated tree of 64 system-ram devices on 8
# nodes and 262,144 memory blocks (4096 x 128 MiB per device, 15 of every
# 16 online movable).  Wall time (hyperfine, median of 5 runs; or a date
# loop), CPU time (user + system, hyperfine's mean) and syscall counts
# (strace -f -c), with ours/76.1 and ours/85 ratios.  Targets: at most 0.10
# of 76.1, at most 0.03 of 85's wall time.  Nothing here asserts a time;
# the table is the result.
#
# usage: bench/list-bench.sh [--runs N] [--devices N] [--nodes N]
#                            [--blocks-per-dev N] [--tree DIR] [--no-save]
#   --tree DIR  keep the generated tree in DIR and reuse it next time
#               (it is about 6 GiB of tmpfs at the default size)
# env:   DAXCTL (default: build/daxctl/daxctl), DEBIAN_DAXCTL (optional)
# Writes bench/results/list-<date>.txt unless --no-save.  Needs root.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
source "$top/test/fixture/lib.sh"

runs=5 devices=64 nodes=8 per_dev=4096 tree= save=1
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--devices) devices=$2; shift 2 ;;
	--nodes) nodes=$2; shift 2 ;;
	--blocks-per-dev) per_dev=$2; shift 2 ;;
	--tree) tree=$2; shift 2 ;;
	--no-save) save=0; shift ;;
	-h | --help) sed -n '3,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "list-bench: unknown option $1" >&2; exit 2 ;;
	esac
done

die() {
	echo "list-bench: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "needs root (mount namespaces)"
need_pkg() {
	command -v "$1" >/dev/null && return 0
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 || true
	command -v "$1" >/dev/null
}
need_pkg strace strace || die "strace is not installed"
need_pkg jq jq || die "jq is not installed"
have_hyperfine=0
need_pkg hyperfine hyperfine && have_hyperfine=1

DAXCTL=${DAXCTL:-$top/build/daxctl/daxctl}
if [ ! -x "$DAXCTL" ]; then
	[ -d "$top/build" ] || meson setup "$top/build" >/dev/null
	ninja -C "$top/build" >/dev/null
fi
[ -x "$DAXCTL" ] || die "no daxctl at $DAXCTL"
DAXCTL=$(realpath "$DAXCTL")
REF=$(debian_daxctl) || die "cannot get Debian's daxctl 76.1"
REF85=$("$top/test/vm/debian-daxctl.sh" 85) || die "cannot get Debian's daxctl 85"

work=$(mktemp -d /tmp/daxctl-bench.XXXXXX)
own_tree=0
if [ -z "$tree" ]; then
	tree=$(mktemp -d /dev/shm/daxctl-bench-tree.XXXXXX)
	own_tree=1
fi
cleanup() {
	rm -rf "$work"
	if [ "$own_tree" = 1 ]; then rm -rf "$tree"; fi
}
trap cleanup EXIT

want="devices=$devices nodes=$nodes blocks-per-dev=$per_dev"
if [ "$(cat "$tree/.params" 2>/dev/null)" != "$want" ]; then
	echo "generating the tree in $tree ($want)..." >&2
	rm -rf "${tree:?}"/*
	t0=$(date +%s)
	python3 "$MKFIXTURE" bench "$tree" --devices "$devices" --nodes "$nodes" \
		--blocks-per-dev "$per_dev"
	echo "$want" >"$tree/.params"
	echo "generated in $(($(date +%s) - t0)) s" >&2
fi

ns() {
	"$NSRUN" "$tree" -- "$@"
}

# bin WHO: the binary of ours, ref (76.1) or r85
bin() {
	case $1 in
	ours) echo "$DAXCTL" ;;
	ref) echo "$REF" ;;
	r85) echo "$REF85" ;;
	esac
}

# Sanity first: all must see the whole tree.
for who in ours ref r85; do
	bin=$(bin $who)
	ns "$bin" list -D >"$work/$who.json" 2>"$work/$who.err" ||
		die "$who: daxctl list -D failed: $(head -n 3 "$work/$who.err")"
	jq -r '"\(length) devices, \(map(.total_memblocks) | add) blocks, \(map(.online_memblocks) | add) online"' \
		"$work/$who.json" >"$work/$who.sanity"
done
for who in ref r85; do
	cmp -s "$work/ours.sanity" "$work/$who.sanity" ||
		die "they disagree: ours $(cat "$work/ours.sanity"), $who $(cat "$work/$who.sanity")"
done

CMDS=("list -D" "list -RD")

# time_median BIN ARGS: median wall time in ms of $runs runs, without hyperfine
time_median() {
	local i t0 t1
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s%N)
		ns "$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000000))
	done | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

declare -A ms calls cpu
if [ "$have_hyperfine" = 1 ]; then
	timing="hyperfine $(hyperfine --version | awk '{print $2}'), median of $runs runs after 1 warmup, inside one namespace"
	args=()
	for c in "${CMDS[@]}"; do
		args+=(-n "ours $c" "$DAXCTL $c" -n "ref $c" "$REF $c" -n "r85 $c" "$REF85 $c")
	done
	ns hyperfine -N --runs "$runs" --warmup 1 --style basic \
		--export-json "$work/hyperfine.json" "${args[@]}" >"$work/hyperfine.log" 2>&1 ||
		die "hyperfine failed: $(tail -n 5 "$work/hyperfine.log")"
	for c in "${CMDS[@]}"; do
		for who in ours ref r85; do
			ms[$who $c]=$(jq -r --arg n "$who $c" \
				'.results[] | select(.command == $n) | .median * 1000 | floor' \
				"$work/hyperfine.json")
			cpu[$who $c]=$(jq -r --arg n "$who $c" \
				'.results[] | select(.command == $n) | (.user + .system) * 1000 | floor' \
				"$work/hyperfine.json")
		done
	done
else
	timing="date +%s%N loop, median of $runs runs, one namespace per run (hyperfine not installed)"
	for c in "${CMDS[@]}"; do
		read -r -a a <<<"$c"
		for who in ours ref r85; do
			ms[$who $c]=$(time_median "$(bin $who)" "${a[@]}")
			cpu[$who $c]=n/a
		done
	done
fi

for c in "${CMDS[@]}"; do
	read -r -a a <<<"$c"
	for who in ours ref r85; do
		bin=$(bin $who)
		f=$work/$who.${c// /_}.strace
		ns strace -f -c -o "$f" "$bin" "${a[@]}" >/dev/null 2>&1
		calls[$who $c]=$(awk '$NF == "total" { print $4 }' "$f")
	done
done

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a ~ /^[0-9]/) printf "%.3f", a / b; else print "n/a" }'
}

{
	echo "daxctl list benchmark, $(date -u +%Y-%m-%d)"
	echo "tree:   $devices system-ram devices (hmem regions) on $nodes nodes, $((devices * per_dev)) memory"
	echo "        blocks of 128 MiB ($per_dev per device, 15 of every 16 online movable), on tmpfs;"
	echo "        all tools list: $(cat "$work/ours.sanity")"
	echo "host:   $(nproc) CPUs, Linux $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
	echo "ours:   daxctl $("$DAXCTL" --version) ($DAXCTL)"
	echo "76.1:   daxctl $("$REF" --version) ($REF)"
	echo "85:     daxctl $("$REF85" --version) ($REF85)"
	echo "timing: $timing"
	echo "cpu:    user + system time, hyperfine's mean (independent of other load)"
	echo "calls:  strace -f -c, total syscalls of one run (76.1 and 85 run through a"
	echo "        small wrapper script, which adds a few dozen)"
	for c in "${CMDS[@]}"; do
		echo
		echo "daxctl $c"
		printf '  %-6s %9s %9s %9s %12s %9s %9s %9s\n' "" "wall ms" "cpu ms" "wall/ref" \
			syscalls "calls/ref" "" ""
		for who in ours ref r85; do
			printf '  %-6s %9s %9s %9s %12s\n' "$(echo "$who" | sed 's/^ref$/76.1/; s/^r85$/85/')" \
				"${ms[$who $c]}" "${cpu[$who $c]}" "" "${calls[$who $c]}"
		done
		printf '  ours/76.1: wall %s, cpu %s, syscalls %s\n' \
			"$(ratio "${ms[ours $c]}" "${ms[ref $c]}")" \
			"$(ratio "${cpu[ours $c]}" "${cpu[ref $c]}")" \
			"$(ratio "${calls[ours $c]}" "${calls[ref $c]}")"
		printf '  ours/85:   wall %s, cpu %s, syscalls %s\n' \
			"$(ratio "${ms[ours $c]}" "${ms[r85 $c]}")" \
			"$(ratio "${cpu[ours $c]}" "${cpu[r85 $c]}")" \
			"$(ratio "${calls[ours $c]}" "${calls[r85 $c]}")"
	done
	echo
	echo "targets: ours/76.1 <= 0.100 (time and syscalls); ours/85 <= 0.030 (wall time)"
	echo
	for who in ours ref r85; do
		echo "$(echo "$who" | sed 's/^ref$/76.1/; s/^r85$/85/'), syscalls of list -D by kind:"
		sed -n '3,8p' "$work/$who.list_-D.strace" | awk '{ printf "  %10s %s\n", $4, $NF }'
	done
} >"$work/result.txt"

cat "$work/result.txt"
if [ "$save" = 1 ]; then
	mkdir -p "$top/bench/results"
	out=$top/bench/results/list-$(date -u +%Y-%m-%d).txt
	cp "$work/result.txt" "$out"
	echo "saved $out" >&2
fi
