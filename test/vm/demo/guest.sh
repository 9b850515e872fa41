# The main job, shown on a real 6.12 kernel with 1 GiB of emulated
# soft-reserved (HMEM) memory and memory_hotplug.memmap_on_memory=1.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; echo "(exit $?)"; }
memtotal() {
	echo "node $1 MemTotal: $(node_memtotal "$1") kB   system MemTotal: $(awk '/^MemTotal/ {print $2}' /proc/meminfo) kB"
}

d=$(dax_devices | head -n1)
node=$(dax_attr "$d" target_node)
echo "kernel $(uname -r); dax device $d on node $node; memory_hotplug.memmap_on_memory=$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)"

run daxctl list -RDu
run daxctl reconfigure-device -m devdax "$d"
run daxctl disable-device "$d"
memtotal "$node"
run daxctl reconfigure-device -m system-ram --memmap-on-memory "$d"
memtotal "$node"
echo "-> the 16 MiB memmap of this 1 GiB device lives on the device itself"
run daxctl reconfigure-device -m system-ram --no-memmap-on-memory "$d"
run daxctl reconfigure-device -m system-ram --no-memmap-on-memory --force "$d"
memtotal "$node"
echo "-> now the memmap came from node 0 and node $node shows the full size"
run daxctl offline-memory "$d"
run daxctl reconfigure-device -m devdax "$d"
run daxctl list -D
ok "demo ran" true
