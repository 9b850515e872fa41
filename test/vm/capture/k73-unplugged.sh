# topology: hmem kernel: 7.3
# Fixture k73-unplugged: Linux 7.3, kmem bound and every range hot-removed
# by a write of unplugged to the kmem state attribute.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
st=$DAXBUS/devices/$d/state
wr_ok "$st" unplugged "hot-remove through state"
is "$(cat "$st")" unplugged "state unplugged"
is "$(dax_driver "$d")" kmem "kmem still bound"
is "$(dax_count_blocks "$d")" 0 "no memory blocks"
ok "no System RAM (kmem)" sh -c '! grep -q "System RAM (kmem)" /proc/iomem'
ok "captured" capture_tree "$1"
