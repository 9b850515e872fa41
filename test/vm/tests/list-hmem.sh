# topology: hmem
# daxctl list -D -R -M against sysfs and against Debian's daxctl 76.1, in
# every state a device can be in: system-ram offline, partly online, all
# online movable, disabled (unbound) and devdax.  States are set by raw
# sysfs writes, so only "list" of our daxctl is under test here.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]

list_check boot

ok "online 5 blocks movable" set_blocks "$d" online_movable 5
list_check "5 of 8 online"

ok "online the rest movable" set_blocks "$d" online_movable
list_check "all online"

ok "offline all" set_blocks "$d" offline
wr_ok "$DAXBUS/drivers/kmem/unbind" "$d" "kmem unbind"
list_check disabled

wr_ok "$DAXBUS/drivers/device_dax/new_id" "$d" "device_dax new_id"
list_check devdax
