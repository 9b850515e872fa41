#!/bin/bash
# Run every test/vm/tests/*.sh in its own VM boot, grouped by topology.
# Each script's first line says where it runs: "# topology: T [kernel: K]".
#
# usage: test/vm/suite.sh [-j N] [-v] [--build DIR] [NAME-PATTERN...]
#   -j N        VMs in parallel (default 2 on >= 2 cores; each gets -smp 1)
#   -v          print every test's full output
#   --build DIR meson build dir holding our daxctl (default $DAXCTL_BUILD)
# Prints one line per test and finally "N passed, N failed".
# Without QEMU or a kernel the suite fails under CI=true and otherwise skips
# (exit 77) with one line.  Env: DAXCTL_VM_CACHE, DAXCTL_BUILD, CI.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${DAXCTL_VM_CACHE:-/var/cache/daxctl-vm}
BUILD=${DAXCTL_BUILD:-}
JOBS=
VERBOSE=0
PATTERNS=()

while [ $# -gt 0 ]; do
	case $1 in
	-j) JOBS=${2:?}; shift ;;
	-j*) JOBS=${1#-j} ;;
	-v) VERBOSE=1 ;;
	--build) BUILD=${2:?}; shift ;;
	-h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "suite.sh: unknown option $1" >&2; exit 2 ;;
	*) PATTERNS+=("$1") ;;
	esac
	shift
done
if [ -z "$JOBS" ]; then
	JOBS=1
	[ "$(nproc)" -ge 2 ] && JOBS=2
fi
case $JOBS in 1|2|3|4) ;; *) echo "suite.sh: -j wants 1..4" >&2; exit 2 ;; esac
SMP=2
[ "$JOBS" -gt 1 ] && SMP=1

RES=$(mktemp -d "${TMPDIR:-/tmp}/daxctl-vm-suite.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$RES"' EXIT
trap 'exit 130' INT TERM

# --- prerequisites -------------------------------------------------------

unavailable() {
	if [ "${CI:-}" = true ]; then
		echo "VM SUITE FAILED: $1 (CI=true: a VM test that cannot run is a failure)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "VM SUITE SKIPPED: $1 (run test/vm/fetch.sh as root to enable)"
	exit 77
}
have_cache() {
	command -v qemu-system-x86_64 >/dev/null &&
		[ -f "$CACHE/kernel-6.12/.complete" ] && [ -f "$CACHE/kernel-6.1/.complete" ] &&
		[ -f "$CACHE/kernel-7.3/.complete" ] &&
		[ -x "$CACHE/busybox/bin/busybox" ]
}
if [ "$(id -u)" = 0 ]; then
	# cheap on a warm cache; resolves and fetches what is missing
	"$HERE/fetch.sh" >"$RES/fetch.log" 2>&1 ||
		unavailable "fetch.sh failed: $(tail -n 1 "$RES/fetch.log")"
fi
have_cache || unavailable "no QEMU or guest kernel in $CACHE"
for k in 6.12 6.1 7.3; do
	"$HERE/image.sh" "$k" >/dev/null || unavailable "initramfs build failed for $k"
done
if [ -z "$BUILD" ] || [ ! -x "$BUILD/daxctl/daxctl" ]; then
	echo "# note: no daxctl in '${BUILD:-<unset>}'; tests of our daxctl will fail"
fi

# --- collect -------------------------------------------------------------

TESTS=()
for f in "$HERE"/tests/*.sh; do
	name=$(basename "$f" .sh)
	if [ ${#PATTERNS[@]} -gt 0 ]; then
		hit=0
		for p in "${PATTERNS[@]}"; do
			# shellcheck disable=SC2053 # glob patterns are intended
			[[ $name == $p ]] && hit=1
		done
		[ "$hit" = 1 ] || continue
	fi
	read -r hdr <"$f"
	topo=$(sed -n 's/^# topology: \([^ ]*\).*/\1/p' <<<"$hdr")
	kern=$(sed -n 's/.* kernel: \([^ ]*\).*/\1/p' <<<"$hdr")
	if [ -z "$topo" ]; then
		echo "suite.sh: $f: first line must be '# topology: T [kernel: K]'" >&2
		exit 2
	fi
	TESTS+=("$topo ${kern:-6.12} $name")
done
[ ${#TESTS[@]} -gt 0 ] || { echo "suite.sh: no tests selected" >&2; exit 2; }
mapfile -t TESTS < <(printf '%s\n' "${TESTS[@]}" | sort)

# --- run -----------------------------------------------------------------

run_one() {
	local topo=$1 kern=$2 name=$3 t0 t1 rc=0 args=()
	[ -n "$BUILD" ] && args=(--build "$BUILD")
	t0=$(date +%s%N)
	"$HERE/run.sh" --topology "$topo" --kernel "$kern" --smp "$SMP" --timeout 240 \
		"${args[@]}" "$HERE/tests/$name.sh" >"$RES/$name.log" 2>&1 || rc=$?
	t1=$(date +%s%N)
	echo "$rc $(((t1 - t0) / 1000000))" >"$RES/$name.rc"
}

report() {
	local topo=$1 kern=$2 name=$3 rc ms what
	read -r rc ms <"$RES/$name.rc"
	case $rc in
	0) what=PASS ;;
	124) what="FAIL (timeout)" ;;
	125) what="FAIL (harness)" ;;
	*) what="FAIL (exit $rc)" ;;
	esac
	printf '%-15s %-16s %-13s %5.1f s\n' "$what" "$name" "$topo/$kern" \
		"$(awk -v m="$ms" 'BEGIN { print m / 1000 }')"
	# the report must never end the suite: an empty log or an early
	# 'head' is not an error here (set -e, pipefail)
	if [ "$VERBOSE" = 1 ]; then
		sed 's/^/    /' "$RES/$name.log" || true
	elif [ "$rc" = 124 ] || [ "$rc" = 125 ]; then
		# the harness' evidence (console tail, QEMU stderr)
		tail -n 60 "$RES/$name.log" | sed 's/^/    /' || true
	elif [ "$rc" != 0 ]; then
		# failing assertions and their diagnostics; the boot was fine
		{ sed '/^--- init log ---$/,$d' "$RES/$name.log" | grep -av '^ok ' |
			head -n 60 | sed 's/^/    /'; } || true
		[ -s "$RES/$name.log" ] || echo "    (no output at all: run.sh died before booting)"
	fi
}

START=$(date +%s)
running=0
for t in "${TESTS[@]}"; do
	read -r topo kern name <<<"$t"
	if [ "$running" -ge "$JOBS" ]; then
		wait -n || true
		running=$((running - 1))
	fi
	run_one "$topo" "$kern" "$name" &
	running=$((running + 1))
done
wait || true

pass=0
fail=0
declare -A BOOTS=()
for t in "${TESTS[@]}"; do
	read -r topo kern name <<<"$t"
	report "$topo" "$kern" "$name"
	read -r rc _ <"$RES/$name.rc"
	if [ "$rc" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	BOOTS[$topo/$kern]=$((${BOOTS[$topo/$kern]:-0} + 1))
done
boots=
for k in $(printf '%s\n' "${!BOOTS[@]}" | sort); do
	boots+=" $k:${BOOTS[$k]}"
done
echo "# boots:$boots; wall $(($(date +%s) - START)) s, $JOBS VM(s) in parallel"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
