# topology: hmem
# Drop-in ABI: Debian's daxctl 76.1, 81 and 85 are programs linked against
# libdaxctl.so.1 (85 imports LIBDAXCTL_11). Run with OUR libdaxctl.so.1 in
# place of their own, they
# must list exactly what they list with theirs, and their online, offline
# and reconfigure commands (which call our daxctl_dev_enable_*,
# daxctl_dev_disable, daxctl_memory_online/offline, ...) must reach the
# same end states.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
mkdir -p /tmp/ourlib
cp -L /usr/lib/x86_64-linux-gnu/libdaxctl.so.1 /tmp/ourlib/
ok "our libdaxctl.so.1 in the image" [ -s /tmp/ourlib/libdaxctl.so.1 ]

# theirs V ARGS / ours V ARGS: Debian's binary ($TOOL, default daxctl)
# with its own or our library
theirs() {
	_v=$1
	shift
	/opt/debian-daxctl/$_v/bin/${TOOL:-daxctl} "$@"
}
ours() {
	_v=$1
	shift
	_o=/opt/debian-daxctl/$_v
	"$_o/lib/ld-linux-x86-64.so.2" --library-path "/tmp/ourlib:$_o/lib" \
		--argv0 "${TOOL:-daxctl}" "$_o/bin/${TOOL:-daxctl}.real" "$@"
}

# ndctl and cxl 85 import LIBDAXCTL_11 too: they must start on our library
# (no device for them here; compat-cxl85.sh lists a CXL region)
for TOOL in ndctl cxl; do
	is "$(ours 85 --version 2>&1)" 85 "$TOOL 85: runs on our library"
	is "$(ours 85 list 2>&1)" "$(theirs 85 list 2>&1)" "$TOOL 85: 'list' identical"
done
TOOL=

for v in 76.1 81 85; do
	is "$(ours "$v" --version 2>&1)" "$(theirs "$v" --version 2>&1)" "$v: runs on our library"
	# the library really is ours: the loader maps it from /tmp/ourlib
	like "$("/opt/debian-daxctl/$v/lib/ld-linux-x86-64.so.2" --list \
		--library-path "/tmp/ourlib:/opt/debian-daxctl/$v/lib" \
		"/opt/debian-daxctl/$v/bin/daxctl.real" 2>&1)" "libdaxctl.so.1 => /tmp/ourlib/" \
		"$v: libdaxctl.so.1 resolves to ours"

	dax_goto "$d" offline
	for args in "list" "list -RDMi" "list -RDu" "list -r 0 -D"; do
		# shellcheck disable=SC2086
		is "$(ours "$v" $args 2>&1)" "$(theirs "$v" $args 2>&1)" "$v: '$args' identical (offline)"
	done

	run_ok "$v: online-memory" ours "$v" online-memory "$d"
	is "$(blocks_in "$d" Movable)" 8 "$v: 8 blocks online movable"
	is "$(ours "$v" list -RDMi 2>&1)" "$(theirs "$v" list -RDMi 2>&1)" "$v: list identical (online)"
	run_ok "$v: offline-memory" ours "$v" offline-memory "$d"
	is "$(dax_count_blocks "$d" offline)" 8 "$v: 8 blocks offline"
	run_ok "$v: reconfigure -m devdax" ours "$v" reconfigure-device -m devdax "$d"
	is "$(dax_driver "$d")" device_dax "$v: device_dax"
	is "$(ours "$v" list -RDMi 2>&1)" "$(theirs "$v" list -RDMi 2>&1)" "$v: list identical (devdax)"
	run_ok "$v: reconfigure -m system-ram" ours "$v" reconfigure-device -m system-ram "$d"
	is "$(dax_driver "$d")" kmem "$v: kmem"
	is "$(blocks_in "$d" Movable)" 8 "$v: onlined movable"
	run_ok "$v: reconfigure -f -m devdax" ours "$v" reconfigure-device -f -m devdax "$d"
	is "$(dax_driver "$d")" device_dax "$v: device_dax after -f"
	run_ok "$v: reconfigure -m system-ram -N" ours "$v" reconfigure-device -m system-ram -N "$d"
	is "$(dax_count_blocks "$d" offline)" 8 "$v: -N left 8 blocks offline"
	run_ok "$v: online-memory --no-movable" ours "$v" online-memory --no-movable "$d"
	is "$(dax_count_blocks "$d" online)" 8 "$v: --no-movable onlined 8"
	run_ok "$v: offline-memory" ours "$v" offline-memory "$d"
done
