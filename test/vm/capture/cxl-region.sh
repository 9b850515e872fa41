# topology: cxl
# Fixture cxl-region: a CXL RAM region (raw sysfs writes); its dax device
# auto-binds to kmem with memmap_on_memory 1; the hmem device is there too.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

run_ok "create CXL RAM region" cxl_make_ram_region
d=$(cxl_dax_wait)
ok "CXL dax device" [ -n "$d" ]
is "$(dax_driver "$d")" kmem "kmem-bound"
is "$(dax_attr "$d" memmap_on_memory)" 1 "memmap_on_memory 1"
ok "captured" capture_tree "$1"
