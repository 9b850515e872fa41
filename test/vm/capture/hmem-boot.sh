# topology: hmem
# Fixture hmem-boot: 6.12, one 1 GiB hmem device bound to kmem, 8 blocks offline.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
is "$(dax_driver "$d")" kmem "kmem-bound"
is "$(dax_count_blocks "$d" offline)" 8 "8 blocks offline"
ok "captured" capture_tree "$1"
