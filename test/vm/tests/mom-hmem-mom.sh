# topology: hmem-mom
# memmap_on_memory end to end with memory_hotplug.memmap_on_memory=1:
# where the memmap goes is proven by the kernel's accounting (node MemTotal,
# node 0 free pages), not by the attribute; switching a system-ram device
# needs --force and rolls back when its memory will not go offline.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
node=$(dax_attr "$d" target_node)
size_kb=$(($(dax_attr "$d" size) / 1024))
mm_kb=$((size_kb / 64))
is "$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)" Y \
	"global memory_hotplug.memmap_on_memory is Y"

# Baseline: unbound (devdax maps the range with ZONE_DEVICE pages, which
# have a memmap of their own, so it is no baseline).
dx_ok "boot state -> devdax" reconfigure-device -m devdax "$d"
dx_ok "disable-device" disable-device "$d"
is "$(dax_driver "$d")" "" "unbound"
base=$(node0_free_kb)

# --- request 1: the memmap lives on the device ---
dx_ok "system-ram --memmap-on-memory" \
	reconfigure-device -m system-ram --memmap-on-memory "$d"
is "$(dax_attr "$d" memmap_on_memory)" 1 "attribute reads 1"
is "$(dax_count_blocks "$d" online)" 8 "all 8 blocks online"
is "$(blocks_in "$d" Movable)" 8 "all in ZONE_MOVABLE"
is "$(node_memtotal "$node")" $((size_kb - mm_kb)) \
	"node$node MemTotal = size - size/64 ($((size_kb - mm_kb)) kB)"
added=$(($(node0_free_kb) - base))
ok "node0 paid nothing for the memmap (delta $added kB)" [ "$added" -gt $((-mm_kb / 4)) ]
_flat /tmp/dx.out '.[0]' >/tmp/obj.kv
is "$(_k memmap_on_memory)" true "reconfigure JSON: memmap_on_memory true"
is "$(_k memmap_placement)" '"device"' "reconfigure JSON: placement device"
dev_kv "$d"
is "$(_k memmap_placement)" '"device"' "list: memmap_placement device"
is "$(_k memmap_on_memory_global)" '"Y"' "list: memmap_on_memory_global Y beside the request"
is "$(_k memmap_size)" $((mm_kb * 1024)) "list: memmap_size = size/64"
is "$(_k online_memblocks)" 8 "list: online_memblocks 8"
is "$(_k movable)" true "list: movable"

# --- back to unbound: nothing lost ---
dx_ok "offline-memory" offline-memory "$d"
dx_ok "-> devdax" reconfigure-device -m devdax "$d"
dx_ok "disable-device again" disable-device "$d"
within "$(node0_free_kb)" "$base" $((mm_kb / 4)) "node0 back to baseline"
is "$(node_memtotal "$node")" 0 "node$node has no memory left"

# --- request 0: the memmap comes from node 0 ---
dx_ok "system-ram --no-memmap-on-memory" \
	reconfigure-device -m system-ram --no-memmap-on-memory "$d"
is "$(dax_attr "$d" memmap_on_memory)" 0 "attribute reads 0"
is "$(node_memtotal "$node")" "$size_kb" "node$node MemTotal = full size"
added=$(($(node0_free_kb) - base))
ok "node0 paid ~size/64 for the memmap (delta $added kB)" [ "$added" -lt $((-mm_kb * 3 / 4)) ]
dev_kv "$d"
is "$(_k memmap_placement)" '"system"' "list: memmap_placement system"
is "$(_k memmap_on_memory)" false "list: memmap_on_memory false"

# --- switching a system-ram device needs --force ---
before=$(dev_state "$d")
dx_fail "switch to 1 without --force refused" 240 \
	reconfigure-device -m system-ram --memmap-on-memory "$d"
like "$ERR" "^error: $d: .*--force" "the error names the device and --force"
is "$(echo "$ERR" | grep -c '^error: ')" 1 "one error line"
is "$(dev_state "$d")" "$before" "device untouched"

dx_ok "switch to 1 with --force" \
	reconfigure-device -m system-ram --memmap-on-memory -f "$d"
is "$(dax_attr "$d" memmap_on_memory)" 1 "attribute reads 1 after switch"
is "$(dax_count_blocks "$d" online)" 8 "online again after switch"
is "$(blocks_in "$d" Movable)" 8 "movable again after switch"
is "$(node_memtotal "$node")" $((size_kb - mm_kb)) "node$node MemTotal = size - size/64"

# --- with every block offline a switch loses nothing: no --force needed ---
dx_ok "offline-memory before switching" offline-memory "$d"
dx_ok "switch to 0 with all blocks offline, no --force" \
	reconfigure-device -m system-ram --no-memmap-on-memory -N "$d"
is "$(dax_attr "$d" memmap_on_memory)" 0 "attribute reads 0"
is "$(dax_count_blocks "$d" online)" 0 "blocks stay offline (-N)"
dx_ok "switch back to 1, no --force" \
	reconfigure-device -m system-ram --memmap-on-memory -N "$d"
is "$(dax_attr "$d" memmap_on_memory)" 1 "attribute reads 1 again"

# --- --no-movable really means ZONE_NORMAL ---
dx_ok "offline-memory" offline-memory "$d"
dx_ok "online-memory --no-movable" online-memory --no-movable "$d"
is "$(blocks_in "$d" Normal)" 8 "all 8 blocks in ZONE_NORMAL"
dev_kv "$d"
is "$(_k zones)" '{"Normal":8}' "list: zones Normal 8"
is "$(_k movable)" false "list: movable false"

# --- a switch whose offline fails rolls back ---
ok "pin 64 MiB of unmovable memory on node$node" pin_start "$node" 64 pipe
before=$(dev_state "$d")
dx_fail "switch to 0 with pinned memory fails" 240 \
	reconfigure-device -m system-ram --no-memmap-on-memory -f "$d"
like "$ERR" "^error: $d: .*memory[0-9]+.*(unmovable|busy)" \
	"the error names the block and the cause"
is "$(dev_state "$d")" "$before" "rolled back: same driver, attribute, blocks and zones"
is "$(node_memtotal "$node")" $((size_kb - mm_kb)) "no memory lost"

dx_fail "-m devdax -f with pinned memory fails" 240 reconfigure-device -m devdax -f "$d"
is "$(dev_state "$d")" "$before" "rolled back after failed devdax switch"

dx_fail "offline-memory with pinned memory fails" 240 offline-memory "$d"
is "$(dev_state "$d")" "$before" "offline-memory is all or nothing"
pin_stop

# Unpinned, the blocks may go offline or, being ZONE_NORMAL, hold other
# kernel pages by now: either way the device must end whole.
before=$(dev_state "$d")
DAXCTL_OFFLINE_TIMEOUT=10 dx reconfigure-device -m system-ram --no-memmap-on-memory \
	--no-movable -f "$d"
if [ "$RC" = 0 ]; then
	is "$(dax_attr "$d" memmap_on_memory)" 0 "unpinned: attribute reads 0"
	is "$(blocks_in "$d" Normal)" 8 "unpinned: online in ZONE_NORMAL (--no-movable)"
	is "$(node_memtotal "$node")" "$size_kb" "unpinned: node$node MemTotal = full size"
else
	diag "unpinned: ZONE_NORMAL still not offlinable ($ERR)"
	is "$(dev_state "$d")" "$before" "unpinned but still refused: device left as it was"
	is "$(node_memtotal "$node")" $((size_kb - mm_kb)) "unpinned but still refused: no memory lost"
fi
