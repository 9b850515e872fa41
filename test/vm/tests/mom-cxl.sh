# topology: cxl
# A CXL RAM region's dax device defaults to memmap_on_memory 1, but with the
# global parameter N the kernel silently puts the memmap in system memory:
# list must say so (request true, placement "system"). Writing 0 always
# works; asking for 1 fails with EOPNOTSUPP and changes nothing. The hmem
# device in the same guest is never touched.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

is "$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)" N \
	"global memory_hotplug.memmap_on_memory is N"
h=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$h" ]
hmem_before=$(dev_state "$h")

run_ok "create CXL RAM region" cxl_make_ram_region
d=$(cxl_dax_wait)
ok "CXL dax device appeared" [ -n "$d" ]
node=$(dax_attr "$d" target_node)
ok "target_node $node >= 0" [ "${node:--1}" -ge 0 ]
size_kb=$(($(dax_attr "$d" size) / 1024))
is "$size_kb" 262144 "size 256 MiB"
is "$(dax_attr "$d" memmap_on_memory)" 1 "attribute reads 1 (the CXL default)"
is "$(dax_driver "$d")" kmem "auto-bound to kmem"
nb=$(dax_count_blocks "$d")
is "$nb" 2 "2 blocks"
is "$(dax_count_blocks "$d" offline)" "$nb" "all blocks offline"

# --- the silent fallback ---
dx_ok "online-memory" online-memory "$d"
is "$(blocks_in "$d" Movable)" "$nb" "all blocks online movable"
is "$(node_memtotal "$node")" "$size_kb" \
	"node$node MemTotal = full size: the memmap is not on the device"
dev_kv "$d"
is "$(_k memmap_on_memory)" true "list: memmap_on_memory true (the request)"
is "$(_k memmap_placement)" '"system"' "list: memmap_placement system (what happened)"
is "$(_k memmap_on_memory_global)" '"N"' "list: memmap_on_memory_global N explains the fallback"
is "$(_k online_memblocks)" "$nb" "list: online_memblocks"

# --- switching to 0 needs --force, and works ---
before=$(dev_state "$d")
dx_fail "--no-memmap-on-memory without -f on an online device refused" 240 \
	reconfigure-device -m system-ram --no-memmap-on-memory "$d"
like "$ERR" "^error: $d: .*--force" "the error says --force is needed"
is "$(dev_state "$d")" "$before" "device untouched"

dx_ok "--no-memmap-on-memory -f" \
	reconfigure-device -m system-ram --no-memmap-on-memory -f "$d"
is "$(dax_attr "$d" memmap_on_memory)" 0 "attribute reads 0"
is "$(dax_driver "$d")" kmem "still kmem"
is "$(blocks_in "$d" Movable)" "$nb" "online movable again"
is "$(node_memtotal "$node")" "$size_kb" "node$node MemTotal = full size"
_flat /tmp/dx.out '.[0]' >/tmp/obj.kv
is "$(_k memmap_on_memory)" false "reconfigure JSON: memmap_on_memory false"
is "$(_k memmap_placement)" '"system"' "reconfigure JSON: placement system"
dev_kv "$d"
is "$(_k memmap_placement)" '"system"' "list: memmap_placement system"

# --- back to 1 is refused: the global parameter is N ---
before=$(dev_state "$d")
dx_fail "--memmap-on-memory -f refused" 161 \
	reconfigure-device -m system-ram --memmap-on-memory -f "$d"
is "$(grep -c '^error: ' /tmp/dx.err)" 1 "one error line"
like "$ERR" "^error: $d: " "the error names $d"
like "$ERR" 'memory_hotplug\.memmap_on_memory' "the hint names the parameter"
is "$(dev_state "$d")" "$before" "device exactly as before"
is "$(node_memtotal "$node")" "$size_kb" "no memory lost"

is "$(dev_state "$h")" "$hmem_before" "hmem device $h untouched"
