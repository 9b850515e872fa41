# topology: cxl-mom
# daxctl list on a CXL RAM region device with the global parameter on.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

run_ok "create CXL RAM region" cxl_make_ram_region
d=$(cxl_dax_wait)
ok "CXL dax device present" [ -n "$d" ]
ok "online the CXL blocks movable" set_blocks "$d" online_movable
list_check "cxl online, knob on"
