# topology: hmem kernel: 7.3
# Proves Debian's 7.3 kernel in the harness, and the facts kernel-abi.md §11
# rests on: hmem under hmem_platform.N, the kmem whole-device "state"
# attribute (present only while kmem is bound), fsdev_dax available.
. /vm/lib.sh

like "$(uname -r)" '^7\.' "kernel 7.x"
d=$(dax_by_origin hmem | head -n1)
ok "an hmem dax device" test -n "$d"
like "$(dax_path "$d")" '^/sys/devices/platform/hmem_platform\.[0-9]+/hmem\.[0-9]+/dax[0-9]+\.0$' \
	"device under hmem_platform.N/hmem.N"
is "$(dax_driver "$d")" kmem "bound to kmem at boot"
ok "kmem state attribute" test -f "$DAXBUS/devices/$d/state"
is "$(cat "$DAXBUS/devices/$d/state")" offline "state offline (memhp_default_state=offline)"
ok "memmap_on_memory attribute" test -f "$DAXBUS/devices/$d/memmap_on_memory"
is "$(errno_of "$DAXBUS/devices/$d/state" offline)" EINVAL "writing offline is refused"
is "$(errno_of "$DAXBUS/devices/$d/state" unplugged)" OK "hot-remove via state"
is "$(cat "$DAXBUS/devices/$d/state")" unplugged "state unplugged"
is "$(dax_count_blocks "$d")" 0 "no blocks while unplugged"
is "$(errno_of "$DAXBUS/devices/$d/state" online_movable)" OK "hot-add + online via state"
is "$(dax_count_blocks "$d" online)" 8 "8 blocks online"
is "$(errno_of "$DAXBUS/devices/$d/state" online_kernel)" EBUSY "online type change only from unplugged"
is "$(errno_of "$DAXBUS/devices/$d/state" unplugged)" OK "hot-remove from online_movable"
modprobe fsdev_dax 2>/dev/null
ok "fsdev_dax driver" test -d "$DAXBUS/drivers/fsdev_dax"
