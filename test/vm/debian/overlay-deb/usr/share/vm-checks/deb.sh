# SPDX-License-Identifier: GPL-2.0-only
# Topology deb: what udev + daxdev-reconfigure@.service made of the
# configuration in /etc/daxctl.conf.d at boot, no command run by hand.
boot_report
ok "systemd: no failed unit" no_failed_units
systemctl --failed --no-legend --plain | sed 's/^/#   failed: /'
A=$(dev_at 0x180000000)
B=$(dev_at 0x1c0000000)
C=$(dax_by_origin cxl | head -n1)
ok "three dax devices: hmem $A, hmem $B, cxl $C" [ -n "$A" ] && [ -n "$B" ] && [ -n "$C" ]
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
