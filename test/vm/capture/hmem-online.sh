# topology: hmem
# Fixture hmem-online: 5 of 8 blocks online_movable, 3 offline.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "online 5 blocks movable" set_blocks "$d" online_movable 5
is "$(dax_count_blocks "$d" online)" 5 "5 online"
is "$(dax_count_blocks "$d" offline)" 3 "3 offline"
ok "captured" capture_tree "$1"
