# topology: hmem
# Driver modules: with device_dax not loaded, reconfigure-device -m devdax
# loads it (through libkmod, which libdaxctl opens only then) and binds;
# with kmem's directory present no module is touched.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
is "$(dax_driver "$d")" kmem "bound to kmem at boot"
run_ok "rmmod device_dax (nothing uses it)" rmmod device_dax
ok "device_dax driver directory gone" [ ! -e "$DAXBUS/drivers/device_dax" ]
dx_ok "reconfigure-device -m devdax loads device_dax" reconfigure-device -m devdax "$d"
ok "device_dax loaded again" [ -d /sys/module/device_dax ]
is "$(dax_driver "$d")" device_dax "bound to device_dax"
dx_ok "back to system-ram" reconfigure-device -m system-ram "$d"
is "$(dax_count_blocks "$d" online)" 8 "8 blocks online"
