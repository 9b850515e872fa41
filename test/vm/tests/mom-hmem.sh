# topology: hmem
# memmap_on_memory with the global memory_hotplug.memmap_on_memory=N: asking
# for the memmap on the device fails with EOPNOTSUPP and a hint, from every
# start state, and leaves the device as it was; asking for it in system
# memory works. A block that will not offline makes -m devdax -f fail and
# roll back. "Already there" is success.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
node=$(dax_attr "$d" target_node)
size_kb=$(($(dax_attr "$d" size) / 1024))
is "$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)" N \
	"global memory_hotplug.memmap_on_memory is N"

# --- boot state ---
is "$(dax_driver "$d")" kmem "boot: bound to kmem"
is "$(dax_count_blocks "$d" offline)" 8 "boot: 8 blocks offline"
is "$(dax_attr "$d" memmap_on_memory)" 0 "boot: attribute reads 0"

# mom_refused LABEL STATE: the last dx call failed with EOPNOTSUPP, one
# error line naming the device, the hint names the parameter and its value,
# and dev_state is still STATE
mom_refused() {
	is "$RC" 161 "$1: --memmap-on-memory refused with EOPNOTSUPP (161)"
	is "$(grep -c '^error: ' /tmp/dx.err)" 1 "$1: one error line"
	like "$ERR" "^error: $d: " "$1: the error names $d"
	like "$ERR" 'memory_hotplug\.memmap_on_memory' "$1: the hint names the parameter"
	like "$ERR" '(^|[^A-Za-z0-9_.])N([^A-Za-z0-9_]|$)' "$1: the hint shows its value N"
	is "$(dev_state "$d")" "$2" "$1: device untouched"
}

# --- (a) from system-ram with offline blocks ---
before=$(dev_state "$d")
dx reconfigure-device -m system-ram --memmap-on-memory "$d"
mom_refused "kmem-bound" "$before"
like "$before" '^driver=kmem mom=0( [0-9]+:offline:[A-Za-z,]+){8}$' \
	"kmem-bound: still kmem, attribute 0, 8 offline"

# --- (b) from devdax and from unbound ---
dx_ok "-> devdax" reconfigure-device -m devdax "$d"
is "$(dax_driver "$d")" device_dax "now devdax"
before=$(dev_state "$d")
dx reconfigure-device -m system-ram --memmap-on-memory "$d"
mom_refused "devdax" "$before"
is "$(dax_driver "$d")" device_dax "devdax: still bound to device_dax"
is "$(dax_attr "$d" memmap_on_memory)" 0 "devdax: attribute still 0"

dx_ok "disable-device" disable-device "$d"
is "$(dax_driver "$d")" "" "now unbound"
before=$(dev_state "$d")
dx reconfigure-device -m system-ram --memmap-on-memory "$d"
mom_refused "unbound" "$before"
is "$(dax_driver "$d")" "" "unbound: still unbound"
is "$(dax_attr "$d" memmap_on_memory)" 0 "unbound: attribute still 0"

# --- (c) --no-memmap-on-memory from unbound ---
dx_ok "system-ram --no-memmap-on-memory from unbound" \
	reconfigure-device -m system-ram --no-memmap-on-memory "$d"
is "$(dax_driver "$d")" kmem "bound to kmem"
is "$(dax_attr "$d" memmap_on_memory)" 0 "attribute reads 0"
is "$(blocks_in "$d" Movable)" 8 "8 blocks online movable"
is "$(node_memtotal "$node")" "$size_kb" "node$node MemTotal = full size ($size_kb kB)"
_flat /tmp/dx.out '.[0]' >/tmp/obj.kv
is "$(_k memmap_placement)" '"system"' "reconfigure JSON: placement system"
dev_kv "$d"
is "$(_k memmap_on_memory)" false "list: memmap_on_memory false"
is "$(_k memmap_placement)" '"system"' "list: memmap_placement system"

# --- (e) already there is success ---
before=$(dev_state "$d")
dx_ok "online-memory on an all-online device exits 0" online-memory "$d"
like "$(cat /tmp/dx.out /tmp/dx.err)" "already online" "it says already online"
is "$(dev_state "$d")" "$before" "nothing changed"
dx_ok "-m system-ram on a system-ram device exits 0" reconfigure-device -m system-ram "$d"
is "$(dev_state "$d")" "$before" "still nothing changed"
dx_ok "-> devdax" reconfigure-device -m devdax -f "$d"
dx_ok "-m devdax on a devdax device exits 0" reconfigure-device -m devdax "$d"
is "$(dax_driver "$d")" device_dax "still devdax"
dx_ok "-> system-ram" reconfigure-device -m system-ram "$d"
is "$(dax_count_blocks "$d" online)" 8 "8 online"

# --- (d) a block that will not offline (last: ZONE_NORMAL may never recover) ---
dx_ok "offline-memory" offline-memory "$d"
is "$(dax_count_blocks "$d" offline)" 8 "all 8 offline"
dx_ok "online-memory --no-movable" online-memory --no-movable "$d"
is "$(blocks_in "$d" Normal)" 8 "all 8 online in ZONE_NORMAL"
dx_fail "online-memory (movable) on blocks in ZONE_NORMAL fails" 240 online-memory "$d"
like "$ERR" "not in ZONE_MOVABLE as asked; to change the zone, offline" \
	"the error says how to change the zone"
ok "pin 64 MiB of unmovable memory on node$node" pin_start "$node" 64 pipe
before=$(dev_state "$d")
dx_fail "-m devdax -f with pinned memory fails" 240 reconfigure-device -m devdax -f "$d"
like "$ERR" "^error: $d: .*memory[0-9]+" "the error names a memory block"
is "$(dev_state "$d")" "$before" "rolled back: kmem, 8 online in ZONE_NORMAL"
is "$(blocks_in "$d" Normal)" 8 "still 8 online Normal"
is "$(node_memtotal "$node")" "$size_kb" "no memory lost"
pin_stop
# Unpinned, the blocks may go offline or, being ZONE_NORMAL, hold other
# kernel pages by now: either way the device must end whole.
DAXCTL_OFFLINE_TIMEOUT=10 dx reconfigure-device -m devdax -f "$d"
if [ "$RC" = 0 ]; then
	is "$(dax_driver "$d")" device_dax "unpinned: now devdax"
	is "$(node_memtotal "$node")" 0 "node$node has no memory left"
else
	diag "unpinned: ZONE_NORMAL still not offlinable ($ERR)"
	is "$(dev_state "$d")" "$before" "unpinned but still refused: device left as it was"
	is "$(node_memtotal "$node")" "$size_kb" "unpinned but still refused: no memory lost"
fi
