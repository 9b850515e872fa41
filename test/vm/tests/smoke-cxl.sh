# topology: cxl
# CXL type-3 volatile device: a RAM region made by raw sysfs writes gives a
# dax device auto-bound to kmem whose memmap_on_memory reads 1, yet with the
# global parameter off the memmap silently goes to DRAM (full MemTotal).
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

ok "hmem device present too" [ -n "$(dax_by_origin hmem)" ]
run_ok "create CXL RAM region" cxl_make_ram_region
reg=$OUT
like "$reg" '^region[0-9]+$' "region name"
wait_for "/sys/bus/cxl/devices/$reg/dax_region${reg#region}" 50
d=$(cxl_dax_wait)
ok "CXL dax device appeared" [ -n "$d" ]
like "$(dax_path "$d")" "/ACPI0017:[0-9]+/root[0-9]+/decoder[0-9.]+/$reg/dax_region[0-9]+/dax[0-9.]+$" \
	"device under the CXL region"
is "$(dax_attr "$d" size)" 268435456 "size 256 MiB"
tn=$(dax_attr "$d" target_node)
ok "target_node >= 0" [ "${tn:--1}" -ge 0 ]
is "$(dax_attr "$d" memmap_on_memory)" 1 "memmap_on_memory defaults to 1"
is "$(dax_driver "$d")" kmem "auto-bound to kmem"
is "$(dax_count_blocks "$d" offline)" 2 "2 blocks offline"
ok "online both movable" set_blocks "$d" online_movable
is "$(node_memtotal "$tn")" 262144 "global parameter off: memmap not on device (full MemTotal)"
