# topology: hmem-mom
# Fixture hmem-mom-online: global parameter on, memmap_on_memory set to 1
# before the kmem bind, all blocks online_movable.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
wr_ok "$DAXBUS/drivers/kmem/unbind" "$d" "kmem unbind"
wr_ok "$DAXBUS/devices/$d/memmap_on_memory" 1 "memmap_on_memory <- 1"
wr_ok "$DAXBUS/drivers/kmem/bind" "$d" "kmem bind"
ok "online all movable" set_blocks "$d" online_movable
is "$(node_memtotal 1)" 1032192 "memmap on the device"
ok "captured" capture_tree "$1"
