# topology: cxl
# Debian's cxl and daxctl 85 on OUR libdaxctl.so.1 against their own: a CXL
# RAM region made by raw sysfs writes, listed by "cxl list" with its dax
# region (libcxl embeds libdaxctl's region and device objects), listed by
# daxctl, onlined and offlined; outputs and end states must be the same.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

mkdir -p /tmp/ourlib
cp -L /usr/lib/x86_64-linux-gnu/libdaxctl.so.1 /tmp/ourlib/
O=/opt/debian-daxctl/85
theirs() { _t=$1; shift; "$O/bin/$_t" "$@"; }
ours() {
	_t=$1
	shift
	"$O/lib/ld-linux-x86-64.so.2" --library-path "/tmp/ourlib:$O/lib" \
		--argv0 "$_t" "$O/bin/$_t.real" "$@"
}

# daxctl's element order: ours sorted, 85's reverse readdir (D17)
sorted() { jq -c "$_JQ_ORDER o" 2>&1; }

run_ok "create CXL RAM region" cxl_make_ram_region
d=$(cxl_dax_wait)
ok "CXL dax device present" [ -n "$d" ]
like "$("$O/lib/ld-linux-x86-64.so.2" --list --library-path "/tmp/ourlib:$O/lib" \
	"$O/bin/cxl.real" 2>&1)" "libdaxctl.so.1 => /tmp/ourlib/" "cxl 85: libdaxctl.so.1 resolves to ours"
for args in "list -R -X" "list -R -X -u" "list -RXM" "list -v"; do
	# shellcheck disable=SC2086
	is "$(ours cxl $args 2>&1)" "$(theirs cxl $args 2>&1)" "cxl 85: '$args' identical"
done
like "$(theirs cxl list -R -X 2>&1)" '"daxregion"' "cxl list -R -X shows the dax region"
like "$(ours cxl list -R -X 2>&1)" "\"chardev\":\"$d\"" "cxl list -R -X on ours shows $d"
for args in "list" "list -RDMi" "list -u"; do
	# shellcheck disable=SC2086
	is "$(ours daxctl $args | sorted)" "$(theirs daxctl $args | sorted)" \
		"daxctl 85: '$args' identical but for the order (CXL, offline)"
done
run_ok "daxctl 85 on ours: online-memory" ours daxctl online-memory "$d"
is "$(blocks_in "$d" Movable)" 2 "2 blocks online movable"
is "$(ours cxl list -R -X 2>&1)" "$(theirs cxl list -R -X 2>&1)" "cxl 85: 'list -R -X' identical (online)"
is "$(ours daxctl list -RDMi | sorted)" "$(theirs daxctl list -RDMi | sorted)" \
	"daxctl 85: list identical but for the order (online)"
run_ok "daxctl 85 on ours: offline-memory" ours daxctl offline-memory "$d"
is "$(dax_count_blocks "$d" offline)" 2 "2 blocks offline"
run_ok "daxctl 85 on ours: reconfigure -m devdax" ours daxctl reconfigure-device -m devdax "$d"
is "$(dax_driver "$d")" device_dax "device_dax"
is "$(ours cxl list -R -X 2>&1)" "$(theirs cxl list -R -X 2>&1)" "cxl 85: 'list -R -X' identical (devdax)"
run_ok "daxctl 85 on ours: reconfigure -m system-ram" ours daxctl reconfigure-device -m system-ram "$d"
is "$(blocks_in "$d" Movable)" 2 "onlined movable"
# cxl disable-region offlines through daxctl_memory_offline (libcxl -> libdaxctl)
reg=$(basename "$(dirname "$(dirname "$(dax_path "$d")")")")
run_ok "cxl 85 on ours: disable-region $reg (offlines the memory)" ours cxl disable-region "$reg"
is "$(dax_count_blocks "$d" online)" 0 "no block online after disable-region"
