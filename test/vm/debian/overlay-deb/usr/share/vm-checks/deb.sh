# SPDX-License-Identifier: GPL-2.0-only
# Topology deb: what udev + daxdev-reconfigure@.service made of the
# configuration in /etc/daxctl.conf.d at boot, no command run by hand.
boot_report
ok "systemd: no failed unit" no_failed_units
systemctl --failed --no-legend --plain | sed 's/^/#   failed: /'
A=$(dev_at 0x180000000)
B=$(dev_at 0x1c0000000)
C=$(dax_by_origin cxl | head -n1)
ok "three dax devices: hmem $A, hmem $B, cxl $C" all_set "$A" "$B" "$C"
is "$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)" Y "global memmap_on_memory on"

for d in $A $B $C; do
	u=$(unit_of "$d")
	ok "$u ran (started by udev: nobody else starts it), $(unit_runs "$d") time(s)" \
		[ "$(unit_runs "$d")" -ge 1 ]
	is "$(unit_result "$d")" success "$u: its journal ends 'Deactivated successfully'"
	unit_log "$d" | sed 's/^/#   /'
done

# hmem, mode = system-ram, memmap_on_memory = true
size_kb=$(($(dax_attr "$A" size) / 1024))
is "$(dax_driver "$A")" kmem "$A (pool): system-ram"
is "$(dax_attr "$A" memmap_on_memory)" 1 "$A: memmap_on_memory 1 as configured"
is "$(blocks_in "$A" Movable)" "$(dax_count_blocks "$A")" "$A: every block online movable"
is "$(node_memtotal "$(dax_attr "$A" target_node)")" $((size_kb - size_kb / 64)) \
	"$A: node MemTotal = size - size/64 (memmap on the device)"

# hmem, mode = devdax
is "$(dax_driver "$B")" device_dax "$B (app): devdax"
ok "$B: /dev/$B is a character device" [ -c "/dev/$B" ]
is "$(node_memtotal "$(dax_attr "$B" target_node)")" 0 "$B: no memory on its node"

# CXL, mode = system-ram, memmap_on_memory = false (the kernel binds it with 1)
csize_kb=$(($(dax_attr "$C" size) / 1024))
is "$(dax_driver "$C")" kmem "$C (cxl-pool): system-ram"
is "$(dax_attr "$C" memmap_on_memory)" 0 "$C: memmap_on_memory 0, the config over the CXL default 1"
is "$(blocks_in "$C" Movable)" "$(dax_count_blocks "$C")" "$C: every block online movable"
is "$(node_memtotal "$(dax_attr "$C" target_node)")" "$csize_kb" \
	"$C: node MemTotal = the full size (memmap in DRAM)"
like "$(journalctl -b --no-pager -o cat -t vm-mem)" "unbind $C" \
	"$C: udev saw kmem unbound and bound again (the memmap switch)"

for d in $A $C; do
	t=$(probe_to_online "$d")
	ok "$d: kmem probe to online measured" [ -n "$t" ]
	diag "$d: blocks first added at ${t#* } (s since boot), last online at ${t##* }: kmem probe -> online through udev + the unit: ${t%% *} s; unit ran $(unit_span "$d")"
done
run_ok "our daxctl list" daxctl list -D -M
diag "$(echo "$OUT" | tr -d '\n' | cut -c1-400)"

# --- pmem: Debian's ndctl 76.1 on our libdaxctl makes a devdax namespace;
# udev + our unit match it by nvdimm.uuid (40-pmem.conf) and make it system
# RAM; our daxctl takes it to devdax and back.
U=5a1c0b5e-7d3f-4c6e-9a2b-0d5e1f3a4b6c
wait_for /sys/bus/nd/devices/nmem0 100
ok "an NVDIMM (nmem0)" [ -e /sys/bus/nd/devices/nmem0 ]
run_ok "ndctl disable-region all" ndctl disable-region all
run_ok "ndctl init-labels -f all (zeroed label area)" ndctl init-labels -f all
run_ok "ndctl enable-region all" ndctl enable-region all
run_ok "ndctl create-namespace -m devdax -s 2G -u $U" \
	ndctl create-namespace -m devdax -s 2G -u "$U"
diag "$(echo "$OUT" | tr -d '\n\t ' | cut -c1-300)"
P=$(dax_pmem_dev | head -n1)
ok "the namespace's dax device: $P" [ -n "$P" ]
wait_unit "$P"
unit_log "$P" | sed 's/^/#   /'
is "$(unit_result "$P")" success "$(unit_of "$P"): matched by nvdimm.uuid and applied"
is "$(dax_driver "$P")" kmem "$P: system-ram from the config, no command by hand"
n=$(dax_count_blocks "$P")
ok "$P: $n memory blocks" [ "$n" -gt 0 ]
is "$(blocks_in "$P" Movable)" "$n" "$P: every block online movable"
run_ok "ndctl list -N on our libdaxctl" ndctl list -N
like "$OUT" "\"uuid\":\"$U\"" "ndctl list shows the namespace uuid"
dx_ok "our daxctl: -m devdax -f $P" reconfigure-device -m devdax -f "$P"
is "$(dax_driver "$P")" device_dax "$P: devdax"
dx_ok "our daxctl: -m system-ram $P" reconfigure-device -m system-ram "$P"
is "$(dax_driver "$P")" kmem "$P: system-ram again"
is "$(blocks_in "$P" Movable)" "$n" "$P: every block online movable again"
dx_ok "reconfigure-device -C $P matches the namespace uuid" reconfigure-device -C "/dev/$P"
like "$(cat /tmp/dx.out) $ERR" "already|reconfigured" "-C: the section applies (already in that state)"

# --- CXL: Debian's cxl 76.1 on our libdaxctl lists the region; disable-region
# offlines its memory through our daxctl_memory_offline()
run_ok "cxl list -R -u (Debian's cxl on our libdaxctl)" cxl list -R -u
like "$OUT" "region0" "cxl list shows region0"
cxl list -R -X -u >/tmp/cxl-x.out 2>&1 && diag "cxl list -R -X: $(tr -d '\n\t ' </tmp/cxl-x.out | cut -c1-300)"
cblocks=$(dax_blocks "$C")
ok "$C: blocks online before disable-region" [ "$(blocks_in "$C" Movable)" -gt 0 ]
run_ok "cxl disable-region region0" cxl disable-region region0
diag "$(echo "$OUT" | tr -d '\n' | cut -c1-300)"
left=0
for b in $cblocks; do
	[ -e "$MEMSYS/$b/state" ] && [ "$(cat "$MEMSYS/$b/state")" != offline ] && left=$((left + 1))
done
is "$left" 0 "no block of the CXL region left online"
is "$(node_memtotal "$(cat /sys/bus/cxl/devices/region0/../region0/target_node 2>/dev/null || echo 3)")" 0 \
	"the CXL node holds no memory"
