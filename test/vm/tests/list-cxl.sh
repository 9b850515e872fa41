# topology: cxl
# daxctl list with an hmem device and a CXL RAM region device (default
# memmap_on_memory 1, global parameter off).
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

run_ok "create CXL RAM region" cxl_make_ram_region
d=$(cxl_dax_wait)
ok "CXL dax device present" [ -n "$d" ]
list_check "cxl offline"
ok "online the CXL blocks movable" set_blocks "$d" online_movable
list_check "cxl online"
