# topology: hmem
# Fixture hmem-split: dynamic region; dax0.0 shrunk to 512M on kmem, a
# 256M device left unbound (disabled) and a zero-sized seed device.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
r=$(dax_region_dir "$d")/dax_region
wr_ok "$DAXBUS/drivers/kmem/unbind" "$d" "kmem unbind"
wr_ok "$DAXBUS/devices/$d/size" 536870912 "shrink to 512M"
is "$(cat "$r/available_size")" 536870912 "512M available"
wr_ok "$r/create" 1 "create a device"
d1=$(cat "$r/create")
like "$d1" '^dax[0-9]+\.[1-9][0-9]*$' "new device $d1"
wr_ok "$DAXBUS/devices/$d1/size" 268435456 "$d1 size 256M"
wr_ok "$DAXBUS/drivers/kmem/bind" "$d" "$d back on kmem"
d2=$(cat "$r/seed")
if [ -z "$d2" ] || [ "$d2" = "$d1" ] || [ "$(dax_attr "$d2" size)" != 0 ]; then
	wr_ok "$r/create" 1 "create a zero-sized device"
	d2=$(cat "$r/create")
fi
is "$(dax_attr "$d2" size)" 0 "$d2 zero-sized"
is "$(dax_driver "$d1")" "" "$d1 unbound"
is "$(dax_driver "$d2")" "" "$d2 unbound"
diag "devices: $(dax_devices | tr '\n' ' ') seed=$(cat "$r/seed")"
ok "captured" capture_tree "$1"
