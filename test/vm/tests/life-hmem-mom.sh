# topology: hmem-mom
# SPDX-License-Identifier: GPL-2.0-only
# Device lifecycle on a dynamic hmem region, on the real kernel: destroy the
# boot device, create-device with -s/-a (2M and 1G), a hole that makes a
# device of several mappings, resize, destroy, list -M -> destroy ->
# create-device --input giving the same mappings back, the multi-range
# device in system-ram with memmap_on_memory (blocks from every mapping,
# node MemTotal = size - size/64), and list compared with Debian's daxctl
# 76.1 in the same guest at each shape.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

M=$((1 << 20))
d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
reg=$(dax_region_dir "$d")/dax_region
rid=$(cat "$reg/id")
maps() { for _m in "$DAXBUS/devices/$1"/mapping[0-9]*; do [ -d "$_m" ] && echo "$(cat "$_m/start")-$(cat "$_m/end")"; done | sort | tr '\n' ' '; }
# the device the last create-device made: sized, and not in $BEFORE
sized() { dax_devices | while read -r _x; do [ "$(dax_attr "$_x" size)" != 0 ] && echo "$_x"; done; }
created() { sized | grep -vxF -f /tmp/before | head -n1; }
mark() { sized >/tmp/before; echo >>/tmp/before; }
# our list against Debian's 76.1 on the same state, as JSON with region and
# device order normalized (sorting is difference D17) and our added keys
# removed; list_check's per-device part would demand the zero-sized,
# disabled daxX.0, which list hides. With DEV as $2, that device's block
# counts are left out: difference D1, checked apart.
differ() {
	_d1=${2:-}
	for _args in "-D -M" "-D -R -M -u"; do
		# shellcheck disable=SC2086 # option lists
		daxctl list $_args >/tmp/o.json 2>&1
		# shellcheck disable=SC2086
		"$DEBIAN_DAXCTL" list $_args >/tmp/d.json 2>&1
		_r=$(jq -n -r --slurpfile o /tmp/o.json --slurpfile d /tmp/d.json "$_JQ_ORDER
			def d1: walk(if type == \"object\" and .chardev == \"$_d1\"
				then del(.online_memblocks, .total_memblocks) else . end);
			(\$o[0] | walk(if type == \"object\"
				then with_entries(select(($OUR_KEYS_JQ) | not)) else . end)
				| d1 | o | tojson) as \$x | (\$d[0] | d1 | o | tojson) as \$y |
			if \$x == \$y then \"same\" else \"ours:   \(\$x)\", \"debian: \(\$y)\" end" 2>&1)
		is "$_r" same "$1: list $_args: the same as Debian's daxctl 76.1 in this guest"
	done
}

dx_ok "boot device to devdax (its blocks are offline at boot)" reconfigure-device -m devdax "$d"
dx_ok "disable-device $d" disable-device "$d"
dx_ok "destroy-device $d" destroy-device "$d"
is "$(cat "$reg/available_size")" $((1024 * M)) "the whole 1 GiB is available"

mark
dx_ok "create-device -s 1G -a 1G" create-device -r "$rid" -s 1G -a 1G
g=$(created)
is "$(dax_attr "$g" align)" $((1024 * M)) "$g: align 1G"
is "$(maps "$g")" "0x140000000-0x17fffffff " "$g: one 1G-aligned mapping"
is "$(dax_driver "$g")" device_dax "$g: enabled as devdax"
dx_ok "disable-device $g" disable-device "$g"
dx_ok "destroy-device $g" destroy-device "$g"

mark
dx_ok "create-device -s 256M -a 2M (a)" create-device -r "$rid" -s 256M -a 2M
a=$(created)
mark
dx_ok "create-device -s 256M (b)" create-device -r "$rid" -s 256M
b=$(created)
mark
dx_ok "create-device -s 256M (c)" create-device -r "$rid" -s 256M
c=$(created)
is "$(dax_attr "$a" align)" $((2 * M)) "$a: align 2M"
is "$(maps "$a")$(maps "$b")$(maps "$c")" \
	"0x140000000-0x14fffffff 0x150000000-0x15fffffff 0x160000000-0x16fffffff " \
	"a, b, c laid out in order"
differ "three devices"
dx_ok "disable-device $b" disable-device "$b"
dx_ok "destroy-device $b: a hole" destroy-device "$b"
mark
dx_ok "create-device -s 384M (e): the hole and the tail" create-device -r "$rid" -s 384M
e=$(created)
is "$(maps "$e")" "0x150000000-0x15fffffff 0x170000000-0x177ffffff " "$e: two mappings"
differ "a device of two mappings"

# resize
dx_ok "disable-device $a" disable-device "$a"
dx_ok "reconfigure-device -s 128M $a (resize)" reconfigure-device -s 128M "$a"
is "$(dax_attr "$a" size)" $((128 * M)) "$a: 128M"
is "$(maps "$a")" "0x140000000-0x147ffffff " "$a: its mapping shrank"

# list -M -> destroy -> create-device --input
run_ok "daxctl list -M -d $e" daxctl list -M -d "$e"
echo "$OUT" >/tmp/e.json
want=$(maps "$e")
dx_ok "disable-device $e" disable-device "$e"
dx_ok "destroy-device $e" destroy-device "$e"
mark
dx_ok "create-device --input (the saved list)" create-device -r "$rid" --input /tmp/e.json
f=$(created)
is "$(maps "$f")" "$want" "create-device --input: $f has the same mappings again"

# the multi-range device as system RAM with its memmap on the device
[ -n "$f" ] || f=$e
fnode=$(dax_attr "$f" target_node)
fkb=$(($(dax_attr "$f" size) / 1024))
dx_ok "system-ram --memmap-on-memory $f (two mappings)" \
	reconfigure-device -m system-ram --memmap-on-memory "$f"
is "$(dax_count_blocks "$f")" 3 "$f: 3 blocks, from both mappings"
is "$(blocks_in "$f" Movable)" 3 "$f: all 3 online movable"
is "$(dax_attr "$f" memmap_on_memory)" 1 "$f: memmap_on_memory 1"
is "$(node_memtotal "$fnode")" $((fkb - fkb / 64)) "node MemTotal = size - size/64 across both mappings"
differ "a multi-range device in system-ram" "$f"
# D1: Debian's daxctl counts blocks in [resource, resource + size), as if
# the device were contiguous; ours counts every mapping's
deb_total=$("$DEBIAN_DAXCTL" list -d "$f" | jq '.[0].total_memblocks')
our_total=$(daxctl list -d "$f" | jq '.[0].total_memblocks')
is "$our_total" 3 "$f: our list counts 3 blocks over both mappings"
diag "$f: Debian's daxctl 76.1 counts $deb_total (difference D1: it assumes one contiguous range)"
ok "$f: Debian's count differs (D1), ours is the kernel's" [ "$deb_total" != 3 ]
dx_ok "back to devdax" reconfigure-device -m devdax -f "$f"
is "$(dax_driver "$f")" device_dax "$f: devdax"
is "$(node_memtotal "$fnode")" 0 "node empty again"
