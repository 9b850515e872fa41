# topology: cxl-mom
# A CXL RAM region's dax device with memory_hotplug.memmap_on_memory=1: the
# default request 1 really self-hosts the memmap (node MemTotal = size -
# size/64, node 0 pays nothing), and --[no-]memmap-on-memory -f moves it to
# system memory and back, as the kernel's accounting shows.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

is "$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)" Y \
	"global memory_hotplug.memmap_on_memory is Y"
h=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$h" ]
hmem_before=$(dev_state "$h")

base0=$(node0_free_kb)
run_ok "create CXL RAM region" cxl_make_ram_region
d=$(cxl_dax_wait)
ok "CXL dax device appeared" [ -n "$d" ]
is "$(dax_driver "$d")" kmem "auto-bound to kmem"
node=$(dax_attr "$d" target_node)
size_kb=$(($(dax_attr "$d" size) / 1024))
mm_kb=$((size_kb / 64))
is "$size_kb" 262144 "size 256 MiB"
is "$(dax_attr "$d" memmap_on_memory)" 1 "attribute reads 1 (the CXL default)"
nb=$(dax_count_blocks "$d")
is "$(dax_count_blocks "$d" offline)" 2 "2 blocks offline"
added=$(($(node0_free_kb) - base0))
diag "node0 free+pcp across region creation and kmem bind: $added kB"
ok "node0 paid no memmap at hot-add (delta $added kB > -$((mm_kb / 2)))" \
	[ "$added" -gt $((-mm_kb / 2)) ]

# --- online: the memmap is on the device ---
base=$(node0_free_kb)
dx_ok "online-memory" online-memory "$d"
is "$(blocks_in "$d" Movable)" "$nb" "all blocks online movable"
is "$(node_memtotal "$node")" $((size_kb - mm_kb)) \
	"node$node MemTotal = size - size/64 ($((size_kb - mm_kb)) kB)"
added=$(($(node0_free_kb) - base))
within "$added" 0 $((mm_kb / 4)) "node0 free unchanged across the online (delta $added kB)"
dev_kv "$d"
is "$(_k memmap_on_memory)" true "list: memmap_on_memory true"
is "$(_k memmap_placement)" '"device"' "list: memmap_placement device"
is "$(_k memmap_size)" $((mm_kb * 1024)) "list: memmap_size = size/64"

# --- to system memory ---
base=$(node0_free_kb)
dx_ok "--no-memmap-on-memory -f" \
	reconfigure-device -m system-ram --no-memmap-on-memory -f "$d"
is "$(dax_attr "$d" memmap_on_memory)" 0 "attribute reads 0"
is "$(blocks_in "$d" Movable)" "$nb" "online movable again"
is "$(node_memtotal "$node")" "$size_kb" "node$node MemTotal = full size"
added=$(($(node0_free_kb) - base))
within "$added" $((-mm_kb)) $((mm_kb / 4)) \
	"node0 now pays the memmap ($mm_kb kB; delta $added kB)"
_flat /tmp/dx.out '.[0]' >/tmp/obj.kv
is "$(_k memmap_placement)" '"system"' "reconfigure JSON: placement system"
dev_kv "$d"
is "$(_k memmap_on_memory)" false "list: memmap_on_memory false"
is "$(_k memmap_placement)" '"system"' "list: memmap_placement system"

# --- and back to the device ---
dx_ok "--memmap-on-memory -f" \
	reconfigure-device -m system-ram --memmap-on-memory -f "$d"
is "$(dax_attr "$d" memmap_on_memory)" 1 "attribute reads 1"
is "$(blocks_in "$d" Movable)" "$nb" "online movable again"
is "$(node_memtotal "$node")" $((size_kb - mm_kb)) "node$node MemTotal = size - size/64"
added=$(($(node0_free_kb) - base))
within "$added" 0 $((mm_kb / 4)) "node0 got the memmap back (delta $added kB)"
_flat /tmp/dx.out '.[0]' >/tmp/obj.kv
is "$(_k memmap_placement)" '"device"' "reconfigure JSON: placement device"
dev_kv "$d"
is "$(_k memmap_placement)" '"device"' "list: memmap_placement device"

is "$(dev_state "$h")" "$hmem_before" "hmem device $h untouched"
