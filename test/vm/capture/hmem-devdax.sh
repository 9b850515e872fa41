# topology: hmem
# Fixture hmem-devdax: kmem unbound, device_dax bound through new_id.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
wr_ok "$DAXBUS/drivers/kmem/unbind" "$d" "kmem unbind"
wr_ok "$DAXBUS/drivers/device_dax/new_id" "$d" "device_dax new_id"
is "$(dax_driver "$d")" device_dax "device_dax-bound"
ok "captured" capture_tree "$1"
