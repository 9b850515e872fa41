# topology: hmem kernel: 7.3
# Fixture k73-online: Linux 7.3, the hmem device hot-added and onlined in
# one write of online_movable to the kmem state attribute.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
st=$DAXBUS/devices/$d/state
is "$(cat "$st")" offline "state offline at boot"
wr_ok "$st" unplugged "hot-remove through state"
wr_ok "$st" online_movable "hot-add and online through state"
is "$(cat "$st")" online_movable "state online_movable"
is "$(dax_count_blocks "$d" online)" 8 "8 blocks online"
is "$(blocks_in "$d" Movable)" 8 "all in ZONE_MOVABLE"
ok "captured" capture_tree "$1"
