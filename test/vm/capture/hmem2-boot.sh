# topology: hmem2
# Fixture hmem2-boot: two 1 GiB hmem devices on nodes 1 and 2, kmem, offline.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

is "$(dax_by_origin hmem | wc -l)" 2 "two hmem devices"
ok "captured" capture_tree "$1"
