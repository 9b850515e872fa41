# topology: hmem kernel: 6.1
# Bookworm's 6.1 kernel: the hmem device binds to device_dax at boot and
# there is no dax memmap_on_memory attribute (it arrived in 6.9).
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
is "$(dax_attr "$d" size)" 1073741824 "size 1 GiB"
is "$(dax_attr "$d" target_node)" 1 "target_node 1"
is "$(dax_driver "$d")" device_dax "bound to device_dax at boot"
ok "char device /dev/$d" [ -c "/dev/$d" ]
ok "no memmap_on_memory attribute" [ ! -e "$DAXBUS/devices/$d/memmap_on_memory" ]
is "$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)" N "global parameter exists (N)"
wr_ok "$DAXBUS/drivers/device_dax/unbind" "$d" "unbind device_dax"
wr_ok "$DAXBUS/drivers/kmem/new_id" "$d" "kmem new_id binds"
is "$(dax_driver "$d")" kmem "now kmem"
is "$(dax_count_blocks "$d" offline)" 8 "8 blocks offline"
