# topology: hmem kernel: 7.3
# Every transition from "unplugged" (kmem bound, nothing hot-added: the
# kmem state attribute of Linux 7.x), and blocks changed behind the
# attribute's back. Before 7.x support these failed with exit 250
# ("memoryN is missing").
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
node=$(dax_attr "$d" target_node)
size_kb=$(($(dax_attr "$d" size) / 1024))
r=$(dev_range "$d")
s=${r% *} e=${r#* }
unplugged() {
	ok "start: $d unplugged" dax_unplug "$d"
}
# gone DESC: nothing of the device is hot-added
gone() {
	is "$(dax_count_blocks "$d")" 0 "$1: no memory blocks"
	is "$(kmem_ram_in "$s" "$e")" 0 "$1: no System RAM (kmem)"
}
# online_as DESC STATE ZONE
online_as() {
	is "$(kstate "$d")" "$2" "$1: state $2"
	is "$(blocks_in "$d" "$3")" 8 "$1: 8 blocks online in $3"
	is "$(node_memtotal "$node")" "$size_kb" "$1: node$node MemTotal $size_kb kB"
}

unplugged
dev_kv "$d"
is "$(_k mode)" '"system-ram"' "list: system-ram"
is "$(_k online_memblocks)" 0 "list: online_memblocks 0"
like "$(cat /tmp/list.err)" '^$' "list: no error"

dx_ok "online-memory" online-memory "$d"
online_as "online-memory" online_movable Movable

unplugged
dx_ok "offline-memory" offline-memory "$d"
is "$(kstate "$d")" unplugged "offline-memory: still unplugged"
gone "offline-memory"
like "$ERR" 'already offline' "offline-memory: says it was already offline"

dx_ok "reconfigure-device -m system-ram" reconfigure-device -m system-ram "$d"
online_as "-m system-ram" online_movable Movable

unplugged
dx_ok "-m system-ram --no-online" reconfigure-device -m system-ram --no-online "$d"
is "$(kstate "$d")" unplugged "-m system-ram --no-online: left unplugged"

# ZONE_NORMAL gets unmovable kernel pages at once: it cannot be unplugged
# again, so the one real online_kernel transition comes last
dx_ok "-m system-ram --no-movable --dry-run" reconfigure-device -m system-ram --no-movable --dry-run "$d"
like "$(cat /tmp/dx.out)" 'hot-add\+online \(online_kernel\)' "--no-movable plans online_kernel through the state"
is "$(kstate "$d")" unplugged "--dry-run: still unplugged"

unplugged
dx_ok "-m system-ram --no-memmap-on-memory (the value it has)" \
	reconfigure-device -m system-ram --no-memmap-on-memory "$d"
online_as "--no-memmap-on-memory" online_movable Movable

unplugged
dx_fail "-m system-ram --memmap-on-memory, global parameter N" 161 \
	reconfigure-device -m system-ram --memmap-on-memory "$d"
like "$ERR" 'memmap_on_memory' "--memmap-on-memory: the error names the parameter"
is "$(kstate "$d")" unplugged "--memmap-on-memory refused: still unplugged"

dx_ok "-m devdax" reconfigure-device -m devdax "$d"
is "$(dax_driver "$d")" device_dax "-m devdax: device_dax"
gone "-m devdax"

dx_ok "-m system-ram from devdax" reconfigure-device -m system-ram "$d"
online_as "devdax -> system-ram" online_movable Movable

dx_ok "-m devdax -f from online_movable" reconfigure-device -m devdax -f "$d"
is "$(dax_driver "$d")" device_dax "-m devdax -f: device_dax"
gone "-m devdax -f"

unplugged
dx_fail "disable-device refuses system-ram (as ndctl's)" 250 disable-device "$d"
dx_fail "enable-device refuses system-ram (as ndctl's)" 250 enable-device "$d"
is "$(kstate "$d")" unplugged "disable/enable-device: still unplugged"

# --- behind the attribute's back: the blocks tell the truth ---
dx_ok "online-memory" online-memory "$d"
ok "offline 3 blocks through memoryN/state" set_blocks "$d" offline 3
is "$(kstate "$d")" online_movable "state still says online_movable"
dev_kv "$d"
is "$(_k online_memblocks)" 5 "list: online_memblocks 5 (the blocks, not the attribute)"
dx_ok "online-memory onlines the 3" online-memory "$d"
is "$(blocks_in "$d" Movable)" 8 "all 8 online movable again"
ok "offline all 8 through memoryN/state" set_blocks "$d" offline
dx_ok "online-memory with every block offline" online-memory "$d"
online_as "online-memory after offlining behind its back" online_movable Movable
dx_ok "offline-memory" offline-memory "$d"
is "$(dax_count_blocks "$d" online)" 0 "offline-memory: no block online"
dx_ok "-m devdax (every block offline)" reconfigure-device -m devdax "$d"
gone "-m devdax after offline-memory"

# --- the library under ndctl's own tools: Debian's daxctl 76.1 on our
# libdaxctl.so.1 (its online/offline go through daxctl_memory_*) ---
mkdir -p /tmp/ourlib
cp -L /usr/lib/x86_64-linux-gnu/libdaxctl.so.1 /tmp/ourlib/
deb() {
	_o=/opt/debian-daxctl/76.1
	"$_o/lib/ld-linux-x86-64.so.2" --library-path "/tmp/ourlib:$_o/lib" \
		--argv0 daxctl "$_o/bin/daxctl.real" "$@" >/tmp/deb.out 2>&1
}
ok "start: unplugged" dax_unplug "$d"
deb offline-memory "$d"
# 76.1 says so (and exits 1) for any device with nothing online; with its
# own library it fails "failed to get number of memory sections"
like "$(cat /tmp/deb.out)" 'all memory sections \(8\) already offline' \
	"76.1 on our library: offline-memory of an unplugged device: already offline"
is "$(kstate "$d")" unplugged "76.1 offline-memory: still unplugged"
ok "76.1 on our library: online-memory of an unplugged device" deb online-memory "$d"
online_as "76.1 online-memory (daxctl_memory_online)" online_movable Movable

unplugged
dx_ok "online-memory --no-movable" online-memory --no-movable "$d"
online_as "online-memory --no-movable" online_kernel Normal
dx_fail "-m devdax -f from online_kernel: the kernel refuses the unplug" 240 \
	reconfigure-device -m devdax -f "$d"
like "$ERR" 'hot-remove' "the error names the hot-remove"
online_as "refused unplug: rolled back by the kernel" online_kernel Normal
is "$(dax_driver "$d")" kmem "refused unplug: kmem still bound"

