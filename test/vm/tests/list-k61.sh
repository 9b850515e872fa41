# topology: hmem kernel: 6.1
# daxctl list on 6.1: no memmap_on_memory attribute, so no such key;
# devdax at boot, then system-ram.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
list_check "devdax at boot"
wr_ok "$DAXBUS/drivers/device_dax/unbind" "$d" "device_dax unbind"
list_check disabled
wr_ok "$DAXBUS/drivers/kmem/new_id" "$d" "kmem new_id"
ok "online 2 blocks movable" set_blocks "$d" online_movable 2
list_check "system-ram, 2 online"
