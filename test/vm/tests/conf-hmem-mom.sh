# topology: hmem-mom
# Boot-time provisioning: reconfigure-device --check-config, as the udev
# rule's unit runs it (with the /dev path), applies /etc/daxctl.conf.d:
# matching by physical address, memmap_on_memory set before kmem binds
# again (the device arrives kmem-bound with its blocks offline), last file
# wins, no section is not an error, a malformed one is.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
node=$(dax_attr "$d" target_node)
size_kb=$(($(dax_attr "$d" size) / 1024))
start=$(dax_attr "$d" mapping0/start)
unit() { sh -c "exec daxctl reconfigure-device --check-config /dev/$1"; }
before=$(dev_state "$d")

mkdir -p /etc/daxctl.conf.d
dx_ok "no config files: nothing to do, exit 0" reconfigure-device -C "/dev/$d"
is "$(dev_state "$d")" "$before" "device untouched"

cat >/etc/daxctl.conf.d/10-other.conf <<EOC
[reconfigure-device elsewhere]
device = dax9.9
mode = devdax
EOC
dx_ok "no section for this device: exit 0 (the unit relies on it)" reconfigure-device -C "/dev/$d"
is "$(dev_state "$d")" "$before" "device untouched"

cat >/etc/daxctl.conf.d/20-pool.conf <<EOC
# the soft-reserved range, found by its address
[Reconfigure-Device pool]
phys_addr = $start
mode = system-ram
memmap_on_memory = true
EOC
run_ok "the unit's command applies the section" unit "$d"
is "$(dax_attr "$d" memmap_on_memory)" 1 "memmap_on_memory set to 1 before kmem bound again"
is "$(blocks_in "$d" Movable)" 8 "8 blocks online movable (defaults)"
is "$(node_memtotal "$node")" $((size_kb - size_kb / 64)) "memmap on the device: MemTotal = size - size/64"

cat >/etc/daxctl.conf.d/30-override.conf <<EOC
[reconfigure-device override]
device = $d
mode = system-ram
movable = false
memmap_on_memory = false
EOC
before=$(dev_state "$d")
dx_fail "last file wins, but blocks are online: refused without --force" 240 \
	reconfigure-device -C "/dev/$d"
like "$ERR" "override|30-override" "a warning names the section that won"
like "$ERR" "--force" "the error says --force is needed"
is "$(dev_state "$d")" "$before" "device untouched"
dx_ok "with --force the winning section applies" reconfigure-device -C --force "$d"
is "$(dax_attr "$d" memmap_on_memory)" 0 "memmap_on_memory 0 from the last file"
is "$(blocks_in "$d" Normal)" 8 "online in ZONE_NORMAL (movable = false)"
is "$(node_memtotal "$node")" "$size_kb" "memmap in system memory: full MemTotal"

cat >/etc/daxctl.conf.d/40-bad.conf <<EOC
[reconfigure-device broken]
device = $d
mode = sideways
EOC
before=$(dev_state "$d")
dx reconfigure-device -C "$d"
ok "a malformed section for this device fails (exit $RC)" [ "$RC" != 0 ]
like "$ERR" "40-bad.conf" "the error names the file"
is "$(dev_state "$d")" "$before" "device untouched"

# a file that does not parse: named by its line, skipped; the other files
# still apply (30-override, already in place) and the command fails
rm -f /etc/daxctl.conf.d/40-bad.conf
printf '[reconfigure-device junk]\nthis line is no key\n' >/etc/daxctl.conf.d/50-syntax.conf
before=$(dev_state "$d")
dx reconfigure-device -C "$d"
is "$RC" 234 "a file that does not parse: exit EINVAL"
like "$ERR" "50-syntax.conf: line 2: syntax error" "the error names the file and the line"
like "$ERR" "reconfigured 1 device" "the other files' section still applied to the device"
is "$(dev_state "$d")" "$before" "device as the other files ask"
rm -f /etc/daxctl.conf.d/50-syntax.conf
