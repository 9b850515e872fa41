# topology: hmem
# Proves the hmem topology and the harness without our daxctl: one 1 GiB
# soft-reserved range on CPU-less node 1, bound to kmem at boot, blocks
# offline, the dax memmap_on_memory attribute present, the global
# parameter off, and the errno probe reporting the kernel's exact errno.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

is "$(cat /vm/topology)" hmem "topology file"
devs=$(dax_by_origin hmem)
is "$(echo "$devs" | wc -w)" 1 "one hmem dax device"
d=$(echo "$devs" | head -n1)
# 7.x puts hmem.N under an hmem_platform.N parent
like "$(dax_path "$d")" '^/sys/devices/platform/(hmem_platform\.[0-9]+/)?hmem\.[0-9]+/dax[0-9]+\.0$' \
	"device under hmem.N"
ok "region has dax_region/" [ -d "$(dax_region_dir "$d")/dax_region" ]
is "$(dax_attr "$d" size)" 1073741824 "size 1 GiB"
is "$(dax_attr "$d" target_node)" 1 "target_node 1"
is "$(dax_attr "$d" align)" 2097152 "align 2 MiB"
is "$(dax_attr "$d" mapping0/start)" 0x140000000 "mapping0 start"
is "$(dax_attr "$d" mapping0/end)" 0x17fffffff "mapping0 end"
is "$(dax_attr "$d" resource)" 0x140000000 "resource (root only)"
ok "char device /dev/$d" [ -c "/dev/$d" ]
is "$(dax_driver "$d")" kmem "bound to kmem at boot"
is "$(dax_attr "$d" memmap_on_memory)" 0 "memmap_on_memory attribute reads 0"
is "$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)" N "global parameter N"
is "$(cat "$MEMSYS"/block_size_bytes)" 8000000 "block size 128 MiB"
is "$(dax_count_blocks "$d")" 8 "8 memory blocks"
is "$(dax_count_blocks "$d" offline)" 8 "all offline (memhp_default_state=offline)"
is "$(node_memtotal 1)" 0 "node 1 MemTotal 0 while offline"
ok "node 0 free+pcp measurable" [ "$(node0_free_kb)" -gt 100000 ]

# errno probe: the kernel's answers from the errno table
is "$(errno_of "$DAXBUS/devices/$d/memmap_on_memory" maybe)" EINVAL "probe: maybe -> EINVAL"
is "$(errno_of "$DAXBUS/devices/$d/memmap_on_memory" 1)" EOPNOTSUPP \
	"probe: 1 with global parameter off -> EOPNOTSUPP"
is "$(errno_of "$DAXBUS/devices/$d/memmap_on_memory" 0)" OK "probe: current value -> OK"
is "$(errno_of "$DAXBUS/devices/$d/size" 0)" EBUSY "probe: size 0 while kmem-bound -> EBUSY"

# onlining and node accounting
b=$(dax_blocks "$d" | head -n1)
wr_ok "$MEMSYS/$b/state" online_movable "online_movable one block"
is "$(cat "$MEMSYS/$b/valid_zones")" Movable "block in ZONE_MOVABLE"
is "$(errno_of "$MEMSYS/$b/state" online_movable)" EINVAL "re-online -> EINVAL"
is "$(node_memtotal 1)" 131072 "node 1 MemTotal one block"
wr_ok "$MEMSYS/$b/state" offline "offline it again"

# tools in the image
is "$(jq -n true)" true "jq in the image"
run_ok "Debian daxctl 76.1 runs" /opt/debian-daxctl/76.1/bin/daxctl --version
is "$OUT" 76.1 "Debian daxctl 76.1 version"
run_ok "Debian daxctl 81 runs" /opt/debian-daxctl/81/bin/daxctl --version
is "$OUT" 81 "Debian daxctl 81 version"
run_ok "Debian daxctl 76.1 list" /opt/debian-daxctl/76.1/bin/daxctl list -d "$d"
is "$(printf '%s' "$OUT" | jq -r '.[0].mode')" system-ram "Debian list: system-ram"
