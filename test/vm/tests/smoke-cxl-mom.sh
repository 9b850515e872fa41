# topology: cxl-mom
# CXL region with the global parameter on: the default 1 takes effect and
# the memmap lives on the device.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

is "$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)" Y "global parameter Y"
run_ok "create CXL RAM region" cxl_make_ram_region
d=$(cxl_dax_wait)
ok "CXL dax device appeared" [ -n "$d" ]
is "$(dax_attr "$d" memmap_on_memory)" 1 "memmap_on_memory reads 1"
is "$(dax_driver "$d")" kmem "auto-bound to kmem"
ok "online both movable" set_blocks "$d" online_movable
tn=$(dax_attr "$d" target_node)
is "$(node_memtotal "$tn")" 258048 "memmap on the device (256 MiB - 4 MiB)"
