# topology: hmem kernel: 6.1
# Bookworm's 6.1 kernel has no per-device memmap_on_memory attribute (6.9):
# either memmap option fails before anything changes, with an error that
# says so; everything else works, and list reports the placement without
# the request.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
node=$(dax_attr "$d" target_node)
size_kb=$(($(dax_attr "$d" size) / 1024))
is "$(dax_driver "$d")" device_dax "bound to device_dax at boot"
ok "no memmap_on_memory attribute" [ ! -e "$DAXBUS/devices/$d/memmap_on_memory" ]

for opt in --memmap-on-memory --no-memmap-on-memory; do
	before=$(dev_state "$d")
	dx reconfigure-device -m system-ram $opt "$d"
	ok "system-ram $opt fails (exit $RC)" [ "$RC" != 0 ]
	is "$(grep -c '^error: ' /tmp/dx.err)" 1 "$opt: one error line"
	like "$(grep '^error: ' /tmp/dx.err)" "^error: $d: .*older than 6\\.9" \
		"$opt: the error names $d and says the kernel is older than 6.9"
	is "$(dev_state "$d")" "$before" "$opt: device untouched"
	is "$(dax_driver "$d")" device_dax "$opt: still devdax"
done

dx_ok "-m system-ram" reconfigure-device -m system-ram "$d"
is "$(dax_driver "$d")" kmem "bound to kmem"
is "$(blocks_in "$d" Movable)" 8 "8 blocks online movable"
is "$(node_memtotal "$node")" "$size_kb" "node$node MemTotal = full size"
_flat /tmp/dx.out '.[0]' >/tmp/obj.kv
is "$(_k memmap_on_memory)" "" "reconfigure JSON: no memmap_on_memory key"
is "$(_k memmap_placement)" '"system"' "reconfigure JSON: placement system"
dev_kv "$d"
is "$(_k memmap_on_memory)" "" "list: no memmap_on_memory key"
is "$(_k memmap_placement)" '"system"' "list: memmap_placement system"
is "$(_k online_memblocks)" 8 "list: online_memblocks 8"
is "$(_k movable)" true "list: movable"

dx_ok "offline-memory" offline-memory "$d"
is "$(dax_count_blocks "$d" offline)" 8 "8 blocks offline"
dx_ok "-m devdax" reconfigure-device -m devdax "$d"
is "$(dax_driver "$d")" device_dax "devdax again"
is "$(node_memtotal "$node")" 0 "node$node has no memory left"
ok "char device /dev/$d" [ -c "/dev/$d" ]
