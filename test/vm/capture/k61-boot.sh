# topology: hmem kernel: 6.1
# Fixture k61-boot: bookworm 6.1, device_dax at boot, no memmap_on_memory attribute.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
is "$(dax_driver "$d")" device_dax "device_dax-bound"
ok "no attribute" [ ! -e "$DAXBUS/devices/$d/memmap_on_memory" ]
ok "captured" capture_tree "$1"
