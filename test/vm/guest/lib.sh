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

# cxl_dax_wait: after cxl_make_ram_region, wait (10 s at most) until the
# region's dax device exists and a driver has claimed it; prints its name
cxl_dax_wait() {
	_n=100
	while [ "$_n" -gt 0 ]; do
		_cd=$(dax_by_origin cxl | head -n1)
		if [ -n "$_cd" ] && [ -n "$(dax_driver "$_cd")" ]; then
			echo "$_cd"
			return 0
		fi
		sleep 0.1
		_n=$((_n - 1))
	done
	dax_by_origin cxl | head -n1
}

# --- daxctl list checks --------------------------------------------------

DEBIAN_DAXCTL=/opt/debian-daxctl/76.1/bin/daxctl

# Keys our daxctl adds to Debian's JSON (users.md: list also reports the
# zones and the memmap request/placement).  They are removed before the
# differential comparison; anything else must match Debian exactly.
OUR_KEYS_JQ='(.key | startswith("memmap_")) or .key == "zones" or .key == "kmem_state"'
OUR_KEYS_ERE='"(memmap_[a-z_]*|zones|kmem_state)":'

# jq costs ~0.3 s per run under TCG: one run per object, then lookups.
# _flat FILE FILTER: the object FILTER selects, one "key=json" line per key
_flat() {
	jq -r "$2 | select(. != null) | to_entries[] | \"\(.key)=\(.value | tojson)\"" \
		"$1" 2>/dev/null
}

# _k KEY: value of KEY in /tmp/obj.kv (JSON text), empty if absent
_k() { sed -n "s/^$1=//p" /tmp/obj.kv; }

# _list_dev_check LABEL FILE DEV: one device of a "list -D -R -M" output
# against sysfs
_list_dev_check() {
	_l=$1
	_dv=$3
	_flat "$2" "[.[] | .devices[]? | select(.chardev == \"$_dv\")] | .[0]" >/tmp/obj.kv
	if [ ! -s /tmp/obj.kv ]; then
		_fail "$_l: $_dv listed"
		return
	fi
	_pass "$_l: $_dv listed"
	is "$(_k size)" "$(dax_attr "$_dv" size)" "$_l: $_dv size"
	_tn=$(dax_attr "$_dv" target_node)
	if [ -n "$_tn" ] && [ "$_tn" -ge 0 ]; then
		is "$(_k target_node)" "$_tn" "$_l: $_dv target_node"
	else
		is "$(_k target_node)" "" "$_l: $_dv has no target_node"
	fi
	_al=$(dax_attr "$_dv" align)
	if [ -n "$_al" ] && [ "$_al" -gt 0 ]; then
		is "$(_k align)" "$_al" "$_l: $_dv align"
	fi
	_md=$(dax_mode "$_dv")
	is "$(_k mode)" "\"$_md\"" "$_l: $_dv mode"
	if [ -z "$(dax_driver "$_dv")" ]; then
		is "$(_k state)" '"disabled"' "$_l: $_dv state disabled"
	else
		is "$(_k state)" "" "$_l: $_dv has no state"
	fi
	if [ "$_md" = system-ram ]; then
		_tot=$(dax_count_blocks "$_dv")
		_on=$(dax_count_blocks "$_dv" online)
		is "$(_k total_memblocks)" "$_tot" "$_l: $_dv total_memblocks"
		is "$(_k online_memblocks)" "$_on" "$_l: $_dv online_memblocks"
		if [ "$_on" = "$_tot" ] && [ "$_tot" -gt 0 ]; then
			_mv=true
			for _b in $(dax_blocks "$_dv"); do
				[ "$(cat "$MEMSYS/$_b/valid_zones")" = Movable ] || _mv=false
			done
			is "$(_k movable)" "$_mv" "$_l: $_dv movable"
		else
			is "$(_k movable)" "" "$_l: $_dv has no movable (not all online)"
		fi
	else
		is "$(_k total_memblocks)$(_k online_memblocks)" "" \
			"$_l: $_dv has no memblock counts"
	fi
	_mom=$(dax_attr "$_dv" memmap_on_memory)
	if [ -n "$_mom" ]; then
		_exp=false
		[ "$_mom" = 1 ] && _exp=true
		is "$(_k memmap_on_memory)" "$_exp" "$_l: $_dv memmap_on_memory"
	else
		is "$(_k memmap_on_memory)" "" "$_l: $_dv has no memmap_on_memory (no attribute)"
	fi
	# mappings come in reverse mappingN order
	_exp=
	for _m in "$DAXBUS/devices/$_dv"/mapping[0-9]*; do
		[ -d "$_m" ] || continue
		_s=$(($(cat "$_m/start")))
		_e=$(($(cat "$_m/end")))
		_exp="{\"page_offset\":$(($(cat "$_m/page_offset"))),\"start\":$_s,\"end\":$_e,\"size\":$((_e - _s + 1))}${_exp:+,}$_exp"
	done
	if [ -n "$_exp" ]; then
		is "$(_k mappings)" "[$_exp]" "$_l: $_dv mappings"
	else
		is "$(_k mappings)" "" "$_l: $_dv has no mappings"
	fi
}

# _list_region_check LABEL FILE DEV: the region holding DEV against sysfs
_list_region_check() {
	_p=$(dax_region_dir "$3")
	_rd=$_p/dax_region
	_id=$(cat "$_rd/id")
	_flat "$2" "[.[] | select(.id == $_id)] | .[0]" >/tmp/obj.kv
	if [ ! -s /tmp/obj.kv ]; then
		_fail "$1: region $_id listed"
		return
	fi
	is "$(_k path)" "\"${_p#/sys/devices}\"" "$1: region $_id path"
	is "$(_k size)" "$(cat "$_rd/size")" "$1: region $_id size"
	is "$(_k align)" "$(cat "$_rd/align")" "$1: region $_id align"
	_av=$(cat "$_rd/available_size" 2>/dev/null)
	if [ -n "$_av" ] && [ "$_av" != 0 ]; then
		is "$(_k available_size)" "$_av" "$1: region $_id available_size"
	else
		is "$(_k available_size)" "" "$1: region $_id has no available_size"
	fi
}

# _strip_text: drop lines of our keys from pretty JSON, including a nested
# object/array value up to its closing line, and the trailing commas
_strip_text() {
	awk -v re="$OUR_KEYS_ERE" '
		skip != "" { if (index($0, skip) == 1) skip = ""; next }
		$0 ~ ("^ *" re) {
			if ($0 ~ /[[{]$/) { match($0, /^ */); skip = substr($0, 1, RLENGTH) "}"
				if ($0 ~ /\[$/) skip = substr($0, 1, RLENGTH) "]" }
			next
		}
		{ sub(/,$/, ""); print }'
}

# Deliberate difference D17 (compat-surface.md §10): Debian visits regions
# and devices in reverse readdir order, we sort them numerically.  Element
# order is therefore normalized on both sides; key order and mapping order
# are not.
_JQ_ORDER='def k: if type != "object" then []
		elif has("chardev") then (.chardev | ltrimstr("dax") | split(".") | map(tonumber))
		elif has("id") then [.id] else [] end;
	def o: if type == "array" then map(o) | sort_by(k)
		elif type == "object" and has("devices") then .devices |= o else . end;'

# _blocks: pretty JSON with each top-level array element on one line, the
# lines sorted (element order normalized, layout kept)
_blocks() {
	awk '/^  [{[]$/ { b = $0; inb = 1; next }
		inb { b = b "\001" $0; if ($0 ~ /^  []}]$/) { print b; inb = 0 }; next }
		{ print }' | sort
}

# _list_diff LABEL ARGS...: our "daxctl ARGS" against Debian's 76.1 with our
# keys removed: parsed JSON and text (layout, escaping)
_list_diff() {
	_l=$1
	shift
	if ! daxctl "$@" >/tmp/ours.out 2>/tmp/ours.err; then
		_fail "$_l: daxctl $* (for diff) ran"
		return
	fi
	"$DEBIAN_DAXCTL" "$@" >/tmp/deb.out 2>/tmp/deb.err
	_r=$(jq -n -r --slurpfile o /tmp/ours.out --slurpfile d /tmp/deb.out "$_JQ_ORDER
		(\$o[0] | walk(if type == \"object\"
			then with_entries(select(($OUR_KEYS_JQ) | not)) else . end)
			| o | tojson) as \$x | (\$d[0] | o | tojson) as \$y |
		if \$x == \$y then \"same\" else \"ours:   \(\$x)\", \"debian: \(\$y)\" end" 2>&1)
	if [ "$_r" = same ]; then
		_pass "$_l: daxctl $* matches Debian 76.1"
	else
		_fail "$_l: daxctl $* matches Debian 76.1"
		printf '%s\n' "$_r" | sed 's/^/#   /'
	fi
	_strip_text </tmp/ours.out | _blocks >/tmp/ours.txt
	sed 's/,$//' /tmp/deb.out | _blocks >/tmp/deb.txt
	if cmp -s /tmp/ours.txt /tmp/deb.txt; then
		_pass "$_l: daxctl $* text layout matches Debian 76.1"
	else
		_fail "$_l: daxctl $* text layout matches Debian 76.1"
		diff /tmp/deb.txt /tmp/ours.txt | tr '\001' '\n' | head -n 20 | sed 's/^/#   /'
	fi
}

# list_check LABEL: "daxctl list -D -R -M" against sysfs for every device,
# then the differential against Debian's daxctl for a few invocations
list_check() {
	_lbl=$1
	if ! command -v daxctl >/dev/null; then
		_fail "$_lbl: our daxctl is in the image (/usr/bin/daxctl)"
		return
	fi
	daxctl list -D -R -M >/tmp/list.json 2>/tmp/list.err
	_rc=$?
	if [ "$_rc" != 0 ] || [ "$(head -c 1 /tmp/list.json)" != "[" ]; then
		_fail "$_lbl: daxctl list -D -R -M gives a JSON array"
		diag "  exit $_rc: $(head -c 400 /tmp/list.err)"
		return
	fi
	_pass "$_lbl: daxctl list -D -R -M gives a JSON array"
	for _dev in $(dax_devices); do
		_list_dev_check "$_lbl" /tmp/list.json "$_dev"
		_list_region_check "$_lbl" /tmp/list.json "$_dev"
	done
	_list_diff "$_lbl" list -D -R -M
	_list_diff "$_lbl" list
	_list_diff "$_lbl" list -R -u
	_list_diff "$_lbl" list -D -R -M -u
}

# --- sysfs capture (fixtures) --------------------------------------------

# _cap_entry SHADOW PATH: copy one sysfs entry into the shadow tree: links
# with their exact target text, dirs, files with root's read value (empty
# when unreadable or write-only) and the real mode
_cap_entry() {
	_s=$1$2
	[ -e "$_s" ] || [ -L "$_s" ] && return 0
	if [ -L "$2" ]; then
		ln -s "$(readlink "$2")" "$_s"
	elif [ -d "$2" ]; then
		mkdir -p "$_s"
		chmod "$(stat -c %a "$2")" "$_s"
	else
		cat "$2" >"$_s" 2>/dev/null || : >"$_s"
		chmod "$(stat -c %a "$2")" "$_s"
	fi
}

# _cap_walk SHADOW ROOT: a subtree without following links, pruning
# power/ and firmware_node
_cap_walk() {
	[ -e "$2" ] || return 0
	mkdir -p "$1$(dirname "$2")"
	find "$2" \( -name power -o -name firmware_node \) -prune -o -print |
		while IFS= read -r _e; do
			_cap_entry "$1" "$_e"
		done
}

# capture_tree NAME: write /mnt/host/NAME.tar with sys/, proc/ and info
# (needs run.sh --share)
capture_tree() {
	if ! grep -q ' /mnt/host 9p ' /proc/mounts; then
		echo "capture_tree: no 9p share on /mnt/host (run.sh --share)" >&2
		return 1
	fi
	_sh=/tmp/capture
	rm -rf "$_sh"
	mkdir -p "$_sh/proc"
	for _r in /sys/bus/dax /sys/devices/system/memory /sys/devices/system/node \
		/sys/module/memory_hotplug/parameters /sys/bus/cxl /sys/class/dax \
		/sys/devices/platform/hmem.* /sys/devices/platform/hmem_platform.* \
		/sys/devices/platform/ACPI0017:*; do
		_cap_walk "$_sh" "$_r"
	done
	# where the bus links point (CXL memdevs sit under PCI devices)
	for _l in /sys/bus/dax/devices/* /sys/bus/cxl/devices/*; do
		[ -L "$_l" ] && _cap_walk "$_sh" "$(readlink -f "$_l")"
	done
	# /sys/dev/char/MAJ:MIN links of the dax devices
	for _l in /sys/bus/dax/devices/*; do
		_dev=$(cat "$_l/dev" 2>/dev/null) || continue
		mkdir -p "$_sh/sys/dev/char"
		_cap_entry "$_sh" "/sys/dev/char/$_dev"
	done
	for _f in iomem meminfo zoneinfo vmstat; do
		cat "/proc/$_f" >"$_sh/proc/$_f"
	done
	{
		echo "uname -r: $(uname -r)"
		echo "cmdline: $(cat /proc/cmdline)"
	} >"$_sh/info"
	tar -C "$_sh" -cf "/mnt/host/$1.tar" sys proc info && sync
}

# --- reconfigure scenarios (memmap_on_memory, rollback) -------------------

# dx ARGS...: run our daxctl; stdout in /tmp/dx.out, stderr in /tmp/dx.err,
# exit status in $RC. Never fails by itself.
dx() {
	daxctl "$@" >/tmp/dx.out 2>/tmp/dx.err
	RC=$?
	ERR=$(cat /tmp/dx.err)
	return 0
}

# dx_ok DESC ARGS...: our daxctl must exit 0
dx_ok() {
	_d=$1
	shift
	dx "$@"
	if [ "$RC" = 0 ]; then
		_pass "$_d"
	else
		_fail "$_d"
		diag "  'daxctl $*' exited $RC:"
		sed 's/^/#     /' /tmp/dx.err
	fi
}

# dx_fail DESC EXIT ARGS...: our daxctl must exit with EXIT
dx_fail() {
	_d=$1
	_want=$2
	shift 2
	dx "$@"
	is "$RC" "$_want" "$_d (exit status)"
}

# dev_kv DEV: "daxctl list -d DEV" flattened into /tmp/obj.kv for _k
dev_kv() {
	daxctl list -d "$1" >/tmp/list.json 2>/tmp/list.err
	_flat /tmp/list.json '.[0]' >/tmp/obj.kv
}

# dev_state DEV: one line that changes whenever anything we care about does:
# driver, memmap_on_memory, and every block's state and zone
dev_state() {
	printf 'driver=%s mom=%s' "$(dax_driver "$1")" "$(dax_attr "$1" memmap_on_memory)"
	for _b in $(dax_blocks "$1"); do
		printf ' %s:%s:%s' "${_b#memory}" "$(block_state "$_b")" \
			"$(cat "$MEMSYS/$_b/valid_zones" 2>/dev/null | tr ' ' ,)"
	done
	echo
}

# blocks_in DEV ZONE: the number of DEV's online blocks whose zone is ZONE
blocks_in() {
	_c=0
	for _b in $(dax_blocks "$1"); do
		[ "$(block_state "$_b")" = online ] || continue
		[ "$(cat "$MEMSYS/$_b/valid_zones")" = "$2" ] && _c=$((_c + 1))
	done
	echo "$_c"
}

# vmstat KEY: a /proc/vmstat counter (0 when the kernel has none)
vmstat() { awk -v k="$1" '$1 == k { print $2; f = 1 } END { if (!f) print 0 }' /proc/vmstat; }

# pin_start NODE MIB MODE: hold memory on NODE with pinmem (pipe|pin);
# waits until it is held. pin_stop ends it.
pin_start() {
	pinmem "$1" "$2" "$3" >/tmp/pin.out 2>&1 &
	PIN_PID=$!
	_n=100
	while ! grep -q pinned /tmp/pin.out && [ "$_n" -gt 0 ]; do
		kill -0 "$PIN_PID" 2>/dev/null || break
		sleep 0.1
		_n=$((_n - 1))
	done
	grep -q pinned /tmp/pin.out
}

# The pinner's kernel objects (pipe inodes, page tables) were allocated on
# the node too; empty slab pages stay cached there and keep a ZONE_NORMAL
# block unmovable, so hand them back before anything tries to offline.
pin_stop() {
	[ -n "${PIN_PID:-}" ] || return 0
	kill "$PIN_PID" 2>/dev/null
	wait "$PIN_PID" 2>/dev/null
	PIN_PID=
	sync
	echo 3 >/proc/sys/vm/drop_caches
	for _s in /sys/kernel/slab/*/shrink; do echo 1 >"$_s" 2>/dev/null; done
	return 0
}

# within GOT WANT TOL DESC: |GOT - WANT| <= TOL
within() {
	_diff=$(($1 - $2))
	[ "$_diff" -lt 0 ] && _diff=$((-_diff))
	if [ "$_diff" -le "$3" ]; then
		_pass "$4"
	else
		_fail "$4"
		diag "  got $1, want $2 +- $3"
	fi
}

# --- start states by raw sysfs writes (neither daxctl involved) ----------

# _goto_blocks DEV STATE: write STATE (offline, online_movable,
# online_kernel) to every block of DEV not yet offline/online; shell
# builtins only (a fork costs tens of ms under TCG)
_goto_blocks() {
	_gw=online
	[ "$2" = offline ] && _gw=offline
	for _gb in $(dax_blocks "$1"); do
		read -r _gs <"$MEMSYS/$_gb/state"
		[ "$_gs" = "$_gw" ] && continue
		printf '%s' "$2" 2>/dev/null >"$MEMSYS/$_gb/state" ||
			{ echo "$_gb: $2 failed" >&2; return 1; }
	done
	return 0
}

# dax_goto DEV STATE: put DEV in STATE with raw sysfs writes, so that a test
# of one daxctl does not depend on the other. STATE: unbound, devdax (bound
# to device_dax through new_id), offline (kmem, every block offline),
# movable or normal (kmem, every block online in that zone). Prints what
# failed and returns 1.
dax_goto() {
	_dg=$1
	case $2 in
	unbound | devdax | offline | movable | normal) ;;
	*) echo "dax_goto: unknown state $2" >&2; return 1 ;;
	esac
	_drv=$(dax_driver "$_dg")
	# leave the current driver unless it is the one wanted
	if [ "$_drv" = kmem ]; then
		_goto_blocks "$_dg" offline || return 1
		case $2 in
		unbound | devdax)
			printf '%s' "$_dg" 2>/dev/null >"$DAXBUS/drivers/kmem/remove_id"
			printf '%s' "$_dg" 2>/dev/null >"$DAXBUS/drivers/kmem/unbind" ||
				{ echo "kmem/unbind $_dg failed" >&2; return 1; }
			;;
		esac
	elif [ "$_drv" = device_dax ] && [ "$2" != devdax ]; then
		printf '%s' "$_dg" 2>/dev/null >"$DAXBUS/drivers/device_dax/remove_id"
		printf '%s' "$_dg" 2>/dev/null >"$DAXBUS/drivers/device_dax/unbind" ||
			{ echo "device_dax/unbind $_dg failed" >&2; return 1; }
	elif [ -n "$_drv" ] && [ "$_drv" != device_dax ]; then
		echo "dax_goto: $_dg bound to $_drv" >&2
		return 1
	fi
	case $2 in
	devdax)
		[ -e "$DAXBUS/drivers/device_dax/$_dg" ] && return 0
		printf '%s' "$_dg" 2>/dev/null >"$DAXBUS/drivers/device_dax/new_id"
		[ -e "$DAXBUS/drivers/device_dax/$_dg" ] ||
			{ echo "device_dax/new_id $_dg: not bound" >&2; return 1; }
		return 0
		;;
	unbound) return 0 ;;
	esac
	if [ ! -e "$DAXBUS/drivers/kmem/$_dg" ]; then
		printf '%s' "$_dg" 2>/dev/null >"$DAXBUS/drivers/kmem/bind" ||
			{ echo "kmem/bind $_dg failed" >&2; return 1; }
		# the blocks appear during the bind; auto-onlining is the kernel's
		_goto_blocks "$_dg" offline || return 1
	fi
	case $2 in
	movable) _goto_blocks "$_dg" online_movable ;;
	normal) _goto_blocks "$_dg" online_kernel ;;
	esac
}

# --- Linux 7.x kmem state, stranding checks, the onlining agent ----------

# kstate DEV: the kmem state attribute ("-" when absent)
kstate() { cat "$DAXBUS/devices/$1/state" 2>/dev/null || echo -; }

# dax_unplug DEV: kmem bound and every range hot-removed (7.x), by raw
# writes; from devdax or unbound the kmem probe adds the ranges first
dax_unplug() {
	dax_goto "$1" offline || return 1
	[ "$(kstate "$1")" = unplugged ] && return 0
	printf unplugged 2>/dev/null >"$DAXBUS/devices/$1/state" ||
		{ echo "$1/state: unplugged failed" >&2; return 1; }
}

# dev_range DEV: "START END" of DEV's mapping0, as decimal numbers
dev_range() {
	echo "$(($(cat "$DAXBUS/devices/$1/mapping0/start"))) $(($(cat "$DAXBUS/devices/$1/mapping0/end")))"
}

# kmem_ram_in START END: the number of "System RAM (kmem)" ranges of
# /proc/iomem inside [START, END]
kmem_ram_in() {
	_kn=0
	while read -r _kl; do
		case $_kl in *"System RAM (kmem)"*) ;; *) continue ;; esac
		_kr=${_kl%% *}
		[ $((0x${_kr%-*})) -ge "$1" ] && [ $((0x${_kr#*-})) -le "$2" ] &&
			_kn=$((_kn + 1))
	done </proc/iomem
	echo "$_kn"
}

# agent_start: an onlining agent as distribution udev rules are, a loop
# writing online_movable to every offline memory block; agent_stop ends it
agent_start() {
	sh -c '
		while :; do
			for _ab in "$1"/memory*; do
				read -r _as 2>/dev/null <"$_ab/state" || continue
				[ "$_as" = offline ] &&
					printf online_movable 2>/dev/null >"$_ab/state"
			done
		done' agent "$MEMSYS" &
	AGENT_PID=$!
	sleep 0.2
	kill -0 "$AGENT_PID" 2>/dev/null || _fail "the onlining agent runs"
}
agent_stop() {
	[ -n "${AGENT_PID:-}" ] || return 0
	kill "$AGENT_PID" 2>/dev/null
	wait "$AGENT_PID" 2>/dev/null
	AGENT_PID=
}

# race_check WHAT START END STRICT: after one attempt under the agent. The
# range [START, END] must not be System RAM unless kmem holds it; a
# stranded range must be reported (non-zero exit, "stranded" in stderr),
# and with STRICT=strict (7.x) it must not happen at all. Sets RACE_LOST=1
# when the range is lost for the rest of the boot.
race_check() {
	_rn=$(kmem_ram_in "$2" "$3")
	_rd=$(dax_driver "$RACE_DEV" 2>/dev/null)
	if [ "$_rn" = 0 ] || [ "$_rd" = kmem ]; then
		if [ "$RC" = 0 ]; then
			RACE_OK=$((RACE_OK + 1))
		else
			RACE_REFUSED=$((RACE_REFUSED + 1))
		fi
		return 0
	fi
	RACE_LOST=1
	RACE_STRANDED=$((RACE_STRANDED + 1))
	if [ "$RC" = 0 ]; then
		_fail "$1: exit 0 with the memory stranded"
	elif [ "$4" = strict ]; then
		_fail "$1: memory stranded on a kernel with the kmem state attribute"
	else
		like "$ERR" 'stranded' "$1: the stranding is reported"
	fi
	diag "  exit $RC: $ERR"
}

# race_devdax STRICT: -m devdax -f under the agent, up to 20 times in
# RACE_BUDGET seconds, back to system-ram after each success
race_devdax() {
	_d=$(dax_by_origin hmem | head -n1)
	RACE_DEV=$_d RACE_OK=0 RACE_REFUSED=0 RACE_STRANDED=0 RACE_LOST=0 _strict=$1
	_r=$(dev_range "$_d")
	_s=${_r% *} _e=${_r#* }
	dax_goto "$_d" movable || _fail "devdax race: start state"
	agent_start
	_i=0 _bad=0 _t0=$(date +%s)
	while [ "$_i" -lt 20 ] && [ $(($(date +%s) - _t0)) -lt "${RACE_BUDGET:-40}" ]; do
		_i=$((_i + 1))
		dx reconfigure-device -m devdax -f "$_d"
		race_check "-m devdax -f #$_i" "$_s" "$_e" "$_strict"
		[ "$RACE_LOST" = 1 ] && break
		_want=kmem
		[ "$RC" = 0 ] && _want=device_dax
		if [ "$(dax_driver "$_d")" != "$_want" ]; then
			_bad=$((_bad + 1))
			diag "  #$_i: exit $RC but bound to '$(dax_driver "$_d")': $ERR"
		fi
		[ "$RC" = 0 ] || continue
		dx reconfigure-device -m system-ram "$_d"
		[ "$RC" = 0 ] || { diag "  back to system-ram #$_i: exit $RC: $ERR"; _bad=$((_bad + 1)); }
	done
	agent_stop
	diag "-m devdax -f under the agent: $_i attempts, $RACE_OK done, $RACE_REFUSED refused, $RACE_STRANDED stranded"
	is "$_bad" 0 "-m devdax -f under the agent: every exit status matches the driver"
	if [ "$RACE_LOST" = 1 ]; then
		skip "-m devdax -f under the agent: at least 5 attempts" "ended by a (reported) stranding"
	else
		ok "-m devdax -f under the agent: at least 5 attempts" [ "$_i" -ge 5 ]
	fi
	[ "$_strict" = strict ] && is "$RACE_STRANDED" 0 "-m devdax -f under the agent: nothing stranded"
}

# race_destroy STRICT: create a 256M sub-device, system-ram, then
# destroy-device -f under the agent, up to 20 times
race_destroy() {
	_d=$(dax_by_origin hmem | head -n1)
	RACE_OK=0 RACE_REFUSED=0 RACE_STRANDED=0 RACE_LOST=0 _strict=$1
	dax_goto "$_d" unbound && printf 536870912 >"$DAXBUS/devices/$_d/size" ||
		{ _fail "destroy race: shrink $_d to 512M"; return; }
	agent_start
	_i=0 _bad=0 _t0=$(date +%s)
	while [ "$_i" -lt 20 ] && [ $(($(date +%s) - _t0)) -lt "${RACE_BUDGET:-40}" ]; do
		_i=$((_i + 1))
		dx create-device -s 256M
		_sub=$(sed -n 's/.*"chardev":"\(dax[0-9]*\.[0-9]*\)".*/\1/p' /tmp/dx.out | head -n1)
		[ -n "$_sub" ] || { _bad=$((_bad + 1)); diag "  create #$_i: exit $RC: $ERR"; break; }
		RACE_DEV=$_sub
		dx reconfigure-device -m system-ram "$_sub"
		[ "$RC" = 0 ] || { _bad=$((_bad + 1)); diag "  system-ram #$_i: exit $RC: $ERR"; break; }
		_r=$(dev_range "$_sub")
		_s=${_r% *} _e=${_r#* }
		dx destroy-device -f "$_sub"
		race_check "destroy-device -f #$_i" "$_s" "$_e" "$_strict"
		[ "$RACE_LOST" = 1 ] && break
		if [ "$RC" = 0 ] && [ -e "$DAXBUS/devices/$_sub" ]; then
			_bad=$((_bad + 1))
			diag "  #$_i: exit 0 but $_sub is still there"
		elif [ "$RC" != 0 ]; then
			is "$(dax_driver "$_sub")" kmem "destroy-device -f #$_i refused: still system-ram"
			# a refusal must leave the device whole: clean up by hand
			agent_stop
			dax_goto "$_sub" unbound && printf 0 >"$DAXBUS/devices/$_sub/size" &&
				printf '%s' "$_sub" >"$(dax_region_dir "$_sub")/dax_region/delete" ||
				{ _bad=$((_bad + 1)); break; }
			agent_start
		fi
	done
	agent_stop
	diag "destroy-device -f under the agent: $_i attempts, $RACE_OK done, $RACE_REFUSED refused, $RACE_STRANDED stranded"
	is "$_bad" 0 "destroy-device -f under the agent: every exit status matches the device"
	if [ "$RACE_LOST" = 1 ]; then
		skip "destroy-device -f under the agent: at least 5 attempts" "ended by a (reported) stranding"
	else
		ok "destroy-device -f under the agent: at least 5 attempts" [ "$_i" -ge 5 ]
	fi
	[ "$_strict" = strict ] && is "$RACE_STRANDED" 0 "destroy-device -f under the agent: nothing stranded"
}

# race_pairs N: offline-memory and online-memory started together N times
# (at most RACE_BUDGET seconds)
# on a device whose blocks are all online; with the host-wide lock one waits
# for the other, so the end is never a mixed device with both exiting 0
race_pairs() {
	_d=$(dax_by_origin hmem | head -n1)
	_nb=$(dax_count_blocks "$_d")
	_i=0 _mixed=0 _bad=0 _both=0 _t0=$(date +%s)
	while [ "$_i" -lt "$1" ] && [ $(($(date +%s) - _t0)) -lt "${RACE_BUDGET:-40}" ]; do
		_i=$((_i + 1))
		dax_goto "$_d" movable || { _bad=$((_bad + 1)); break; }
		daxctl offline-memory "$_d" >/dev/null 2>/tmp/pair1.err &
		_p1=$!
		daxctl online-memory "$_d" >/dev/null 2>/tmp/pair2.err &
		_p2=$!
		wait "$_p1"
		_r1=$?
		wait "$_p2"
		_r2=$?
		_on=$(dax_count_blocks "$_d" online)
		[ "$_r1" = 0 ] && [ "$_r2" = 0 ] && _both=$((_both + 1))
		[ "$_on" = 0 ] || [ "$_on" = "$_nb" ] && continue
		_mixed=$((_mixed + 1))
		if [ "$_r1" = 0 ] && [ "$_r2" = 0 ]; then
			_bad=$((_bad + 1))
			diag "  pair $_i: both exited 0, $_on of $_nb blocks online"
		fi
	done
	diag "offline-memory + online-memory: $_i pairs, $_both with two successes, $_mixed mixed"
	is "$_bad" 0 "concurrent pairs: never a mixed device with two successes"
	ok "concurrent pairs: at least 5 pairs ran" [ "$_i" -ge 5 ]
}
