# topology: hmem-mom
# The memmap_on_memory knob on: global parameter Y, the dax attribute can
# be set to 1 while kmem is unbound, and after rebinding the device's memmap
# lives on the device (node 1 MemTotal = size - size/64 once online).
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
is "$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)" Y "global parameter Y"
is "$(dax_attr "$d" memmap_on_memory)" 0 "attribute reads 0 at boot"
is "$(dax_driver "$d")" kmem "bound to kmem"
is "$(errno_of "$DAXBUS/devices/$d/memmap_on_memory" 1)" EBUSY "change while kmem-bound -> EBUSY"
wr_ok "$DAXBUS/drivers/kmem/unbind" "$d" "kmem unbind (blocks offline)"
wr_ok "$DAXBUS/devices/$d/memmap_on_memory" 1 "memmap_on_memory <- 1 while unbound"
wr_ok "$DAXBUS/drivers/kmem/bind" "$d" "kmem bind"
is "$(dax_attr "$d" memmap_on_memory)" 1 "attribute reads 1"
is "$(dax_count_blocks "$d" offline)" 8 "8 blocks offline"
ok "online all movable" set_blocks "$d" online_movable
is "$(node_memtotal 1)" 1032192 "node 1 MemTotal = 1 GiB - memmap"
