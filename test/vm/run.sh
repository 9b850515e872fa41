#!/bin/bash
# Boot one QEMU guest with real device-DAX memory and run one test script.
#
# usage: test/vm/run.sh --topology T [--kernel 6.12|6.1|7.3] [--build DIR]
#            [--share DIR] [--timeout S] [--smp N] [--keep] [--shell] [-v]
#            SCRIPT [ARGS...]
#
# Topologies: hmem hmem-mom hmem2 cxl cxl-mom hmem-big (see README.md).
# The script's stdout+stderr are printed byte for byte on stdout and its exit
# status becomes ours.  124: timeout.  125: harness failure (bad options,
# missing kernel, QEMU failure, no status from the guest).
# --build DIR   meson build dir: DIR/daxctl/daxctl -> /usr/bin/daxctl and
#               DIR/lib/libdaxctl.so*, with their ldd closure
# --share DIR   host DIR on /mnt/host in the guest (9p)
# --keep        keep the work directory (logs) and print its path
# --shell       interactive shell on this terminal after the script
# Env: DAXCTL_VM_CACHE (default /var/cache/daxctl-vm)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${DAXCTL_VM_CACHE:-/var/cache/daxctl-vm}

TOPO=
KERNEL=6.12
BUILD=
SHARE=
TIMEOUT=
SMP=2
KEEP=0
SHELL_MODE=0
VERBOSE=0

usage() { sed -n '4,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 125; }
fail() { echo "run.sh: $*" >&2; exit 125; }

while [ $# -gt 0 ]; do
	case $1 in
	--topology) TOPO=${2:?}; shift ;;
	--kernel) KERNEL=${2:?}; shift ;;
	--build) BUILD=${2:?}; shift ;;
	--share) SHARE=${2:?}; shift ;;
	--timeout) TIMEOUT=${2:?}; shift ;;
	--smp) SMP=${2:?}; shift ;;
	--keep) KEEP=1 ;;
	--shell) SHELL_MODE=1 ;;
	-v) VERBOSE=1 ;;
	-h|--help) usage ;;
	--) shift; break ;;
	-*) fail "unknown option $1" ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 1 ] || usage
SCRIPT=$1
shift
[ -f "$SCRIPT" ] || fail "no such script: $SCRIPT"
[ -n "$TOPO" ] || fail "--topology is required"
case $SMP in 1|2) ;; *) fail "--smp must be 1 or 2" ;; esac
if [ -n "$TIMEOUT" ]; then
	case $TIMEOUT in ''|*[!0-9]*) fail "--timeout wants whole seconds" ;; esac
fi
if [ -n "$SHARE" ]; then
	[ -d "$SHARE" ] || fail "--share: $SHARE is not a directory"
	SHARE=$(cd "$SHARE" && pwd)
fi

# --- topology ------------------------------------------------------------

GIB=$((1 << 30))
BLOCK=$((128 << 20))
MEM_MIB=4096
RANGES=()          # "size offset" of soft-reserved ranges, one NUMA node each
CMDLINE_EXTRA=""
MODS=""
CXL=0
DEBROOT=0
NVDIMM=0
MEM_EXTRA=
case $TOPO in
hmem) RANGES=("$GIB $((5 * GIB))") ;;
hmem-mom)
	RANGES=("$GIB $((5 * GIB))")
	CMDLINE_EXTRA="memory_hotplug.memmap_on_memory=1" ;;
hmem2)
	MEM_MIB=6144
	RANGES=("$GIB $((6 * GIB))" "$GIB $((7 * GIB))") ;;
cxl)
	RANGES=("$GIB $((5 * GIB))")
	CXL=1 ;;
cxl-mom)
	RANGES=("$GIB $((5 * GIB))")
	CXL=1
	CMDLINE_EXTRA="memory_hotplug.memmap_on_memory=1" ;;
hmem-big)
	# 4 GiB = 32 blocks on node 1, for the benchmarks
	MEM_MIB=8192
	RANGES=("$((4 * GIB)) $((6 * GIB))")
	CMDLINE_EXTRA="memory_hotplug.memmap_on_memory=1" ;;
# --- Debian userspace topologies (ship; test/vm/debroot.sh) -------------
# hmem2's two ranges plus a CXL RAM region made at boot, the global
# memmap_on_memory on, systemd as PID 1 and our .debs installed by dpkg;
# deb-race adds a distribution-style udev rule onlining every new block.
deb|deb-race)
	MEM_MIB=6144
	RANGES=("$GIB $((6 * GIB))" "$GIB $((7 * GIB))")
	CXL=1
	DEBROOT=1
	NVDIMM=1
	CMDLINE_EXTRA="memory_hotplug.memmap_on_memory=1 vm.cxlregion"
	# a systemd boot under TCG takes 2-5 min on a busy 2-core host
	if [ -z "$TIMEOUT" ] || [ "$TIMEOUT" -lt 900 ]; then TIMEOUT=900; fi ;;
# --- end of the Debian userspace topologies --------------------------------
*) fail "unknown topology '$TOPO' (hmem hmem-mom hmem2 cxl cxl-mom hmem-big deb deb-race)" ;;
esac
[ "$CXL" = 1 ] && MODS=cxl

# Validate: q35 puts 2 GiB below 4 GiB once -m >= 2.75G, so RAM above 4G
# runs from 4G to 2G + size; ranges must be 128M-aligned, above 4G,
# contiguous and end exactly at the end of RAM (QEMU lays nodes out in order).
ram_top=$(((MEM_MIB << 20) + 2 * GIB))
next=-1
node0=$((MEM_MIB << 20))
for r in "${RANGES[@]}"; do
	read -r size off <<<"$r"
	((size > 0 && size % BLOCK == 0 && off % BLOCK == 0)) ||
		fail "range $r: size and offset must be multiples of 128 MiB"
	((off >= 4 * GIB)) || fail "range $r: must start at or above 4 GiB"
	((next < 0 || off == next)) || fail "range $r: ranges must be contiguous"
	next=$((off + size))
	node0=$((node0 - size))
done
((next < 0 || next == ram_top)) || fail "ranges must end at the end of RAM ($ram_top)"
((node0 >= GIB)) || fail "node 0 would have less than 1 GiB"

# --- cache ---------------------------------------------------------------

if [ ! -f "$CACHE/kernel-$KERNEL/.complete" ] || [ ! -x "$CACHE/busybox/bin/busybox" ]; then
	"$HERE/fetch.sh" >&2 || fail "fetch failed; kernel $KERNEL unavailable"
fi
[ -f "$CACHE/kernel-$KERNEL/.complete" ] || fail "kernel $KERNEL not in $CACHE"
KDIR=$(readlink -f "$CACHE/kernel-$KERNEL")
KVER=$(basename "$KDIR")
command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 not installed (run fetch.sh)"
if [ "$CXL" = 1 ]; then
	qv=$(qemu-system-x86_64 --version | awk 'NR == 1 { print $4 }')
	[ "${qv%%.*}" -ge 8 ] || fail "CXL needs QEMU >= 8 (have $qv)"
fi
if [ "$DEBROOT" = 0 ]; then
	BASE=$("$HERE/image.sh" "$KERNEL") || fail "image build failed"
fi
# --- Debian userspace image (ship) -----------------------------------------
# The .debs: $DAXCTL_DEBS, or BUILD/debs, built by test/deb.sh from this
# tree when missing or stale. --build's binaries are NOT copied in: the
# guest runs what dpkg installed.
if [ "$DEBROOT" = 1 ]; then
	DEBS=${DAXCTL_DEBS:-}
	if [ -z "$DEBS" ]; then
		[ -n "$BUILD" ] || fail "topology $TOPO needs --build DIR (for DIR/debs) or DAXCTL_DEBS"
		DEBS=$(cd "$BUILD" && pwd)/debs
		bash "$HERE/../deb.sh" --ensure "$DEBS" >/dev/null 2>&1 ||
			fail "building the .debs into $DEBS failed (run test/deb.sh $DEBS)"
	fi
	BASE=$("$HERE/debroot.sh" "$KERNEL" "$DEBS") || fail "Debian image build failed"
fi
# --- end of the Debian userspace image -------------------------------------

# --- work dir and cleanup ------------------------------------------------

W=$(mktemp -d "${TMPDIR:-/tmp}/daxctl-vm.XXXXXX")
QPID=
# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
	if [ -n "$QPID" ]; then
		kill "$QPID" 2>/dev/null || true
		wait "$QPID" 2>/dev/null || true
	fi
	if [ "$KEEP" = 1 ]; then
		echo "run.sh: logs kept in $W" >&2
	else
		rm -rf "$W"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- per-run archive -----------------------------------------------------

R=$W/root
mkdir -p "$R/vm" "$R/usr/bin"
cp "$SCRIPT" "$R/vm/script"
cp "$HERE/guest/lib.sh" "$R/vm/lib.sh"
echo "$TOPO" >"$R/vm/topology"
: >"$R/vm/args"
for a in "$@"; do
	case $a in *$'\n'*) fail "arguments may not contain newlines" ;; esac
	printf '%s\n' "$a" >>"$R/vm/args"
done

copy_libs() {
	local f
	for f in $(ldd "$1" 2>/dev/null |
		awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		mkdir -p "$R$(dirname "$f")"
		[ -e "$R$f" ] || cp -L "$f" "$R$f"
	done
}
if [ "$DEBROOT" = 1 ]; then
	# ship: the topology's files (/etc/daxctl.conf.d, udev rules) at boot
	cp -a "$HERE/debian/overlay-$TOPO/." "$R/"
elif [ -n "$BUILD" ] && [ -x "$BUILD/daxctl/daxctl" ]; then
	cp -L "$BUILD/daxctl/daxctl" "$R/usr/bin/daxctl"
	copy_libs "$BUILD/daxctl/daxctl"
	mkdir -p "$R/usr/lib/x86_64-linux-gnu"
	for f in "$BUILD"/lib/libdaxctl.so*; do
		[ -f "$f" ] || continue
		cp -a "$f" "$R/usr/lib/x86_64-linux-gnu/"
		[ -L "$f" ] || copy_libs "$f"
	done
	# libdaxctl dlopen()s libkmod when a dax driver must be loaded
	# no early exit in awk: ldconfig would die of SIGPIPE under pipefail
	kmod_lib=$(ldconfig -p | awk '$1 == "libkmod.so.2" && /x86-64/ && !f { print $NF; f = 1 }')
	if [ -n "$kmod_lib" ]; then
		mkdir -p "$R$(dirname "$kmod_lib")"
		cp -L "$kmod_lib" "$R$kmod_lib"
		copy_libs "$kmod_lib"
	fi
elif [ "$VERBOSE" = 1 ]; then
	echo "run.sh: no daxctl in '${BUILD:-<none>}'; booting without it" >&2
fi
(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$W/run.cpio"
cat "$BASE" "$W/run.cpio" >"$W/initrd.cpio"

# --- QEMU command line ---------------------------------------------------

CMDLINE="console=ttyS0,115200 panic=-1 oops=panic rdinit=/init loglevel=6"
# nokaslr: a randomly placed kernel image can land in a range that
# memmap= then re-types as soft reserved ("hmem.N: probe ... failed -12")
CMDLINE+=" no_timer_check tsc=reliable nokaslr memhp_default_state=offline"
for r in "${RANGES[@]}"; do
	read -r size off <<<"$r"
	CMDLINE+=$(printf ' memmap=0x%x%%0x%x+0xefffffff' "$size" "$off")
done
[ -n "$CMDLINE_EXTRA" ] && CMDLINE+=" $CMDLINE_EXTRA"
[ -n "$MODS" ] && CMDLINE+=" vm.mods=$MODS"
[ -n "$SHARE" ] && CMDLINE+=" vm.share"
[ "$SHELL_MODE" = 1 ] && CMDLINE+=" vm.shell"

cpus="0-$((SMP - 1))"
[ "$SMP" = 1 ] && cpus=0
MACHINE=q35
CPU=max
NUMA=(-object "memory-backend-ram,id=m0,size=$((node0 >> 20))M"
	-numa "node,nodeid=0,cpus=$cpus,memdev=m0")
n=1
for r in "${RANGES[@]}"; do
	read -r size off <<<"$r"
	NUMA+=(-object "memory-backend-ram,id=m$n,size=$((size >> 20))M"
		-numa "node,nodeid=$n,memdev=m$n")
	n=$((n + 1))
done
DEVICES=()
if [ "$CXL" = 1 ]; then
	MACHINE=q35,cxl=on
	# the CPUID hypervisor bit makes region commit fail with ENXIO
	CPU=max,hypervisor=off
	# shellcheck disable=SC2054 # commas belong to QEMU option values
	DEVICES+=(-object memory-backend-ram,id=cxl-mem0,share=on,size=256M
		-object memory-backend-ram,id=cxl-lsa0,share=on,size=1M
		-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1
		-device cxl-rp,port=0,bus=cxl.1,id=root_port13,chassis=0,slot=2
		-device cxl-type3,bus=root_port13,volatile-memdev=cxl-mem0,lsa=cxl-lsa0,id=cxl-vmem0,sn=0x1
		-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G)
fi
# --- NVDIMM (ship; vm-recipe.md 2026-12 addendum) --------------------------
# A 4 GiB sparse file as an ACPI NFIT NVDIMM with a zeroed 128K label area,
# on its own memoryless NUMA node.
if [ "$NVDIMM" = 1 ]; then
	MACHINE+=",nvdimm=on"
	MEM_EXTRA=",slots=4,maxmem=32G"
	truncate -s 4G "$W/nvdimm0"
	NUMA+=(-numa "node,nodeid=$n")
	# shellcheck disable=SC2054 # commas belong to QEMU option values
	DEVICES+=(-object "memory-backend-file,id=nv0,share=on,mem-path=$W/nvdimm0,size=4G"
		-device "nvdimm,id=nvdimm0,memdev=nv0,label-size=128K,node=$n")
fi
# --- end of NVDIMM -----------------------------------------------------------
if [ -n "$SHARE" ]; then
	# shellcheck disable=SC2054 # commas belong to QEMU option values
	DEVICES+=(-fsdev "local,id=fs0,path=$SHARE,security_model=none"
		-device virtio-9p-pci,bus=pcie.0,fsdev=fs0,mount_tag=share)
fi
CONSOLE=(-chardev "file,id=con,path=$W/console.log" -serial chardev:con)
if [ "$SHELL_MODE" = 1 ]; then
	CONSOLE=(-serial mon:stdio)
fi

qemu_args() {
	local accel=$1 cpu=$2
	Q=(qemu-system-x86_64 -machine "$MACHINE" -accel "$accel" -cpu "$cpu"
		-smp "$SMP" -m "${MEM_MIB}M$MEM_EXTRA" "${NUMA[@]}"
		-nodefaults -no-user-config -display none -nic none -no-reboot
		"${CONSOLE[@]}"
		-chardev "file,id=out,path=$W/out" -serial chardev:out
		-chardev "file,id=st,path=$W/status" -serial chardev:st
		"${DEVICES[@]}"
		-kernel "$KDIR/boot/vmlinuz-$KVER" -initrd "$W/initrd.cpio"
		-append "$CMDLINE")
}

# KVM only where it can really work: these hosts expose /dev/kvm under a PVM
# hypervisor without vmx/svm, and QEMU then aborts or hangs.
kvm_usable() {
	[ -r /dev/kvm ] && [ -w /dev/kvm ] &&
		grep -qwE 'vmx|svm' /proc/cpuinfo &&
		{ [ -d /sys/module/kvm_intel ] || [ -d /sys/module/kvm_amd ]; }
}

# Run QEMU once; sets QRC.  With $2 = watch, kill it on the known KVM
# failure messages.
boot() {
	local limit=$1 watch=${2:-}
	: >"$W/out"
	: >"$W/status"
	: >"$W/console.log"
	if [ "$SHELL_MODE" = 1 ]; then
		QRC=0
		timeout -k 5 "$limit" "${Q[@]}" 2>"$W/qemu.err" || QRC=$?
		return
	fi
	timeout -k 5 "$limit" "${Q[@]}" </dev/null 2>"$W/qemu.err" &
	QPID=$!
	if [ -n "$watch" ]; then
		while kill -0 "$QPID" 2>/dev/null; do
			if grep -qE 'failed to set MSR|KVM internal error' "$W/qemu.err"; then
				kill "$QPID" 2>/dev/null || true
				break
			fi
			sleep 0.2
		done
	fi
	QRC=0
	wait "$QPID" || QRC=$?
	QPID=
}

t0=$(date +%s.%N)
QRC=0
ran=0
if kvm_usable && [ "$CXL" = 0 ]; then
	qemu_args kvm host
	boot "${TIMEOUT:-120}" watch
	ran=1
	if [ ! -s "$W/status" ] && [ ! -s "$W/out" ]; then
		[ "$VERBOSE" = 1 ] && echo "run.sh: KVM run produced nothing; retrying on TCG" >&2
		ran=0
	fi
fi
if [ "$ran" = 0 ]; then
	qemu_args tcg,thread=multi,tb-size=256 "$CPU"
	boot "${TIMEOUT:-600}"
fi
t1=$(date +%s.%N)

# --- results -------------------------------------------------------------

cat "$W/out"
status=$(grep -a '^EXIT [0-9]*$' "$W/status" | tail -n 1 || true)

tail_console() {
	echo "--- console (last $1 lines) ---" >&2
	tail -n "$1" "$W/console.log" >&2 || true
}
if [ "$VERBOSE" = 1 ]; then
	echo "--- console ---" >&2
	cat "$W/console.log" >&2
	echo "--- init log/status ---" >&2
	cat "$W/status" >&2
	awk -v a="$t0" -v b="$t1" -v t="$TOPO" -v k="$KVER" \
		'BEGIN { printf "run.sh: %s kernel %s, %.1f s\n", t, k, b - a }' >&2
fi
if [ "$QRC" = 124 ] || [ "$QRC" = 137 ]; then
	echo "run.sh: timeout after ${TIMEOUT:-600} s ($TOPO)" >&2
	[ "$VERBOSE" = 1 ] || tail_console 30
	exit 124
fi
if [ -z "$status" ]; then
	echo "run.sh: guest wrote no status (QEMU exit $QRC, $TOPO)" >&2
	if [ "$VERBOSE" = 0 ]; then
		echo "--- qemu stderr ---" >&2
		cat "$W/qemu.err" >&2
		tail_console 40
	fi
	exit 125
fi
rc=${status#EXIT }
if [ "$rc" != 0 ] && [ "$VERBOSE" = 0 ]; then
	echo "--- init log ---" >&2
	grep -av '^EXIT ' "$W/status" >&2 || true
	tail_console 15
fi
exit "$rc"
