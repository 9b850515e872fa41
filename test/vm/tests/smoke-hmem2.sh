# topology: hmem2
# Two soft-reserved ranges on nodes 1 and 2: two hmem devices, two nodes.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

devs=$(dax_by_origin hmem)
is "$(echo "$devs" | wc -w)" 2 "two hmem dax devices"
nodes=$(for d in $devs; do dax_attr "$d" target_node; done | sort -n | tr '\n' ' ')
is "$nodes" "1 2 " "target nodes 1 and 2"
for d in $devs; do
	is "$(dax_attr "$d" size)" 1073741824 "$d size 1 GiB"
	is "$(dax_driver "$d")" kmem "$d bound to kmem"
	is "$(dax_count_blocks "$d" offline)" 8 "$d has 8 offline blocks"
	is "$(dax_attr "$d" memmap_on_memory)" 0 "$d memmap_on_memory 0"
done
is "$(cat /sys/devices/system/node/online)" 0-2 "nodes 0-2 online"
