# topology: hmem-mom
# daxctl list with the memmap_on_memory knob: the attribute set to 1
# before the kmem bind must show as "memmap_on_memory":true.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
list_check boot
wr_ok "$DAXBUS/drivers/kmem/unbind" "$d" "kmem unbind"
wr_ok "$DAXBUS/devices/$d/memmap_on_memory" 1 "memmap_on_memory <- 1"
list_check "disabled, knob 1"
wr_ok "$DAXBUS/drivers/kmem/bind" "$d" "kmem bind"
ok "online all movable" set_blocks "$d" online_movable
list_check "online, knob 1"
