# topology: hmem-mom kernel: 7.3
# The memmap_on_memory switch on Linux 7.3 through the kmem state
# attribute: unplugged -> unbind kmem -> write -> bind kmem -> unplugged ->
# online_movable. Proven by the kernel's accounting: node MemTotal is
# size - size/64 with the memmap on the device, the full size without.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
node=$(dax_attr "$d" target_node)
size_kb=$(($(dax_attr "$d" size) / 1024))
mm_kb=$((size_kb / 64))
r=$(dev_range "$d")
s=${r% *} e=${r#* }
is "$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)" Y "global parameter Y"
is "$(kstate "$d")" offline "boot: kmem state offline"
is "$(dax_attr "$d" memmap_on_memory)" 0 "boot: memmap_on_memory 0"

# every block offline: the switch needs no --force
dx_ok "offline device: --memmap-on-memory" reconfigure-device -m system-ram --memmap-on-memory "$d"
is "$(dax_attr "$d" memmap_on_memory)" 1 "attribute 1"
is "$(kstate "$d")" online_movable "state online_movable"
is "$(blocks_in "$d" Movable)" 8 "8 blocks online movable"
is "$(node_memtotal "$node")" $((size_kb - mm_kb)) "node$node MemTotal = size - size/64"
dev_kv "$d"
is "$(_k memmap_placement)" '"device"' "list: placement device"

# online: needs --force, refused without
dx_fail "online device: --no-memmap-on-memory without --force" 240 \
	reconfigure-device -m system-ram --no-memmap-on-memory "$d"
is "$(dax_attr "$d" memmap_on_memory)" 1 "refused: attribute still 1"
is "$(blocks_in "$d" Movable)" 8 "refused: still 8 online"
dx_ok "--no-memmap-on-memory -f" reconfigure-device -m system-ram --no-memmap-on-memory -f "$d"
is "$(dax_attr "$d" memmap_on_memory)" 0 "attribute 0"
is "$(kstate "$d")" online_movable "state online_movable"
is "$(node_memtotal "$node")" "$size_kb" "node$node MemTotal = full size"
dev_kv "$d"
is "$(_k memmap_placement)" '"system"' "list: placement system"

# from unplugged: the switch needs no unplug of its own
ok "unplug" dax_unplug "$d"
dx_ok "unplugged: --memmap-on-memory" reconfigure-device -m system-ram --memmap-on-memory "$d"
is "$(dax_attr "$d" memmap_on_memory)" 1 "attribute 1"
is "$(kstate "$d")" online_movable "state online_movable"
is "$(node_memtotal "$node")" $((size_kb - mm_kb)) "node$node MemTotal = size - size/64"

# -N: the switch leaves the memory added but offline
dx_ok "--no-memmap-on-memory -f -N" reconfigure-device -m system-ram --no-memmap-on-memory -f -N "$d"
is "$(dax_attr "$d" memmap_on_memory)" 0 "-N: attribute 0"
is "$(dax_count_blocks "$d" online)" 0 "-N: no block online"
ok "-N: the memory is added" [ "$(kmem_ram_in "$s" "$e")" -ge 1 ]
dx_ok "online-memory" online-memory "$d"
is "$(node_memtotal "$node")" "$size_kb" "then online: MemTotal = full size"

# last: ZONE_NORMAL cannot be unplugged again (unmovable kernel pages)
dx_ok "--memmap-on-memory -f --no-movable" \
	reconfigure-device -m system-ram --memmap-on-memory -f --no-movable "$d"
is "$(dax_attr "$d" memmap_on_memory)" 1 "attribute 1"
is "$(kstate "$d")" online_kernel "state online_kernel"
is "$(blocks_in "$d" Normal)" 8 "8 blocks in ZONE_NORMAL"
is "$(node_memtotal "$node")" $((size_kb - mm_kb)) "node$node MemTotal = size - size/64"
