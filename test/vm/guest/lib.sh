# Guest-side test library (busybox sh).  Source it first in a test script:
#     . /vm/lib.sh
# Assertions print "ok N - desc" / "not ok N - desc"; at exit a line
# "# P passed, F failed" follows and the script exits 1 if anything failed
# (or nothing was tested).  Scripts must not use set -e.

_T=0
_P=0
_F=0
OUT=
RC=0

diag() { echo "# $*"; }

_pass() {
	_T=$((_T + 1))
	_P=$((_P + 1))
	echo "ok $_T - $1"
}

_fail() {
	_T=$((_T + 1))
	_F=$((_F + 1))
	echo "not ok $_T - $1"
}

# ok DESC CMD...: passes if CMD succeeds (e.g. ok "x set" [ -n "$x" ])
ok() {
	_d=$1
	shift
	if "$@"; then _pass "$_d"; else _fail "$_d"; fi
}

# is GOT EXPECTED DESC
is() {
	if [ "$1" = "$2" ]; then
		_pass "$3"
	else
		_fail "$3"
		diag "  got:      '$1'"
		diag "  expected: '$2'"
	fi
}

# like GOT ERE DESC
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		_pass "$3"
	else
		_fail "$3"
		diag "  got:      '$1'"
		diag "  expected: /$2/"
	fi
}

skip() { _T=$((_T + 1)); _P=$((_P + 1)); echo "ok $_T - $1 # SKIP ${2:-}"; }

# run_ok DESC CMD...: CMD must exit 0; its stdout+stderr land in $OUT.
run_ok() {
	_d=$1
	shift
	OUT=$("$@" 2>&1)
	RC=$?
	if [ "$RC" = 0 ]; then
		_pass "$_d"
	else
		_fail "$_d"
		diag "  '$*' exited $RC:"
		printf '%s\n' "$OUT" | sed 's/^/#     /'
	fi
}

# run_fail DESC CMD...: CMD must exit non-zero; output in $OUT, status in $RC.
run_fail() {
	_d=$1
	shift
	OUT=$("$@" 2>&1)
	RC=$?
	if [ "$RC" != 0 ]; then
		_pass "$_d"
	else
		_fail "$_d"
		diag "  '$*' unexpectedly succeeded:"
		printf '%s\n' "$OUT" | sed 's/^/#     /'
	fi
}

# errno_of FILE VALUE: one write(2); prints OK or the errno name (EBUSY...)
errno_of() {
	_r=$(wr "$1" "$2" 2>&1)
	case $_r in
	OK) echo OK ;;
	"ERR "*) echo "$_r" | cut -d' ' -f3 ;;
	*) echo "?$_r" ;;
	esac
}

# wr_ok FILE VALUE DESC: the write must succeed
wr_ok() { is "$(errno_of "$1" "$2")" OK "$3"; }

_finish() {
	_rc=$?
	echo "# $_P passed, $_F failed"
	if [ "$_T" = 0 ]; then
		echo "# no tests ran"
		exit 1
	fi
	[ "$_F" = 0 ] || exit 1
	# never let a stray status look like a harness code
	case $_rc in 124|125) exit 1 ;; esac
	exit "$_rc"
}
trap _finish EXIT

# --- dax devices -------------------------------------------------------

DAXBUS=/sys/bus/dax

# all dax device names, sorted
dax_devices() {
	for _d in "$DAXBUS"/devices/*; do
		[ -e "$_d" ] && echo "${_d##*/}"
	done | sort -V
}

dax_path() { readlink -f "$DAXBUS/devices/$1"; }

# dax_attr DEV ATTR: value, or nothing if the file is missing
dax_attr() { cat "$DAXBUS/devices/$1/$2" 2>/dev/null; }

dax_driver() {
	[ -e "$DAXBUS/devices/$1/driver" ] || return 0
	basename "$(readlink -f "$DAXBUS/devices/$1/driver")"
}

# daxctl's notion: kmem-bound is system-ram, anything else devdax
dax_mode() {
	if [ "$(dax_driver "$1")" = kmem ]; then echo system-ram; else echo devdax; fi
}

# dax_by_origin hmem|cxl: devices whose sysfs path says where they came from
dax_by_origin() {
	for _d in $(dax_devices); do
		case "$1:$(dax_path "$_d")" in
		hmem:*/hmem.*) echo "$_d" ;;
		cxl:*/ACPI0017:*) echo "$_d" ;;
		esac
	done
}

# region directory (holding dax_region/) of a device
dax_region_dir() { dirname "$(dax_path "$1")"; }

# wait_for PATH [TENTHS]: poll until PATH exists (default 5 s)
wait_for() {
	_n=${2:-50}
	while [ ! -e "$1" ] && [ "$_n" -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	[ -e "$1" ]
}

# --- memory blocks -----------------------------------------------------

MEMSYS=/sys/devices/system/memory

block_size() { echo $((0x$(cat $MEMSYS/block_size_bytes))); }

# dax_blocks DEV: "memoryN" for every whole block in all mappingN ranges
dax_blocks() {
	_bs=$(block_size)
	for _m in "$DAXBUS/devices/$1"/mapping[0-9]*; do
		[ -d "$_m" ] || continue
		_s=$(($(cat "$_m/start")))
		_e=$(($(cat "$_m/end") + 1))
		_b=$(((_s + _bs - 1) / _bs))
		while [ $(((_b + 1) * _bs)) -le "$_e" ]; do
			[ -d "$MEMSYS/memory$_b" ] && echo "memory$_b"
			_b=$((_b + 1))
		done
	done
}

block_state() { cat "$MEMSYS/$1/state"; }

# dax_count_blocks DEV [STATE]: number of the device's blocks (in STATE)
dax_count_blocks() {
	_c=0
	for _b in $(dax_blocks "$1"); do
		if [ -z "${2:-}" ] || [ "$(block_state "$_b")" = "$2" ]; then
			_c=$((_c + 1))
		fi
	done
	echo "$_c"
}

# set_blocks DEV STATE [COUNT]: write STATE to the first COUNT blocks
# (all by default) that are not yet in the target state; prints failures
set_blocks() {
	_want=online
	[ "$2" = offline ] && _want=offline
	_left=${3:-100000}
	_rc=0
	for _b in $(dax_blocks "$1"); do
		[ "$_left" -gt 0 ] || break
		[ "$(block_state "$_b")" = "$_want" ] && continue
		_r=$(errno_of "$MEMSYS/$_b/state" "$2")
		[ "$_r" = OK ] || { echo "$_b: $2: $_r"; _rc=1; }
		_left=$((_left - 1))
	done
	return $_rc
}

# --- node memory -------------------------------------------------------

# node_memtotal N: MemTotal of node N in kB; a missing node dir means 0
node_memtotal() {
	_f=/sys/devices/system/node/node$1/meminfo
	if [ -f "$_f" ]; then
		awk '$3 == "MemTotal:" { print $4 }' "$_f"
	else
		echo 0
	fi
}

# node0_free_kb: free pages + per-cpu list pages of every node 0 zone, in kB
node0_free_kb() {
	awk '$1 == "Node" { n = $2 + 0 }
	     n == 0 && $1 == "pages" && $2 == "free" { s += $3 }
	     n == 0 && $1 == "count:" { s += $2 }
	     END { print s * 4 }' /proc/zoneinfo
}

# --- CXL ---------------------------------------------------------------

CXLBUS=/sys/bus/cxl

# cxl_make_ram_region: create, commit and bind a RAM region over the first
# memdev's whole volatile capacity by raw sysfs writes; prints the region
# name.  Needs the cxl modules (the cxl topologies load them).
cxl_make_ram_region() {
	wait_for $CXLBUS/devices/mem0/ram/size 100 || { echo "no mem0" >&2; return 1; }
	_root=
	for _d in "$CXLBUS"/devices/decoder*; do
		if [ -f "$_d/create_ram_region" ]; then _root=$_d; break; fi
	done
	[ -n "$_root" ] || { echo "no root decoder with create_ram_region" >&2; return 1; }
	# the endpoint decoder appears once cxl_mem has probed the endpoint
	_ep=
	_n=100
	while [ -z "$_ep" ] && [ "$_n" -gt 0 ]; do
		for _d in "$CXLBUS"/devices/decoder*; do
			[ -f "$_d/dpa_size" ] || continue
			[ "$(cat "$_d/mode")" = none ] || continue
			_ep=$_d
			break
		done
		[ -n "$_ep" ] || sleep 0.1
		_n=$((_n - 1))
	done
	[ -n "$_ep" ] || { echo "no free endpoint decoder" >&2; return 1; }
	_size=$(cat $CXLBUS/devices/mem0/ram/size)
	_reg=$(cat "$_root/create_ram_region")
	_rd=$CXLBUS/devices/$_reg
	for _w in "$_root/create_ram_region=$_reg" \
		"$_rd/interleave_granularity=$(cat "$_root/interleave_granularity")" \
		"$_rd/interleave_ways=1" "$_ep/mode=ram" "$_ep/dpa_size=$_size" \
		"$_rd/size=$_size" "$_rd/target0=${_ep##*/}" "$_rd/commit=1" \
		"$CXLBUS/drivers/cxl_region/bind=$_reg"; do
		_r=$(errno_of "${_w%%=*}" "${_w#*=}")
		[ "$_r" = OK ] || { echo "${_w%%=*} <- ${_w#*=}: $_r" >&2; return 1; }
	done
	echo "$_reg"
}
