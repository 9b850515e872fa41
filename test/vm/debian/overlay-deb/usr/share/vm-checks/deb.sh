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
	ok "$d: kmem probe to configured measured" [ -n "$t" ]
	set -- $t
	diag "$d: kmem probe (first block add seen by udev) at ${2:-?} s, unit started ${3:-?} s, done ${4:-?} s: probe -> online through udev + the unit ${1:-?} s"
done
run_ok "our daxctl list" daxctl list -D -M
diag "$(echo "$OUT" | tr -d '\n' | cut -c1-400)"

# --- pmem: Debian's ndctl 76.1 (installed by dpkg, on our libdaxctl1)
# makes a devdax namespace; as the man page says, the section is written
# from ndctl's output (its "uuid"); when the device next appears (here:
# ndctl disable/enable-namespace, as at the next boot) udev + our unit
# match it by nvdimm.uuid and make it system RAM; our daxctl takes it to
# devdax and back.
wait_for /sys/bus/nd/devices/nmem0 100
ok "an NVDIMM (nmem0)" [ -e /sys/bus/nd/devices/nmem0 ]
run_ok "ndctl disable-region all" ndctl disable-region all
run_ok "ndctl init-labels -f all (zeroed label area)" ndctl init-labels -f all
run_ok "ndctl enable-region all" ndctl enable-region all
run_ok "ndctl create-namespace -m devdax -s 2G" ndctl create-namespace -m devdax -s 2G
echo "$OUT" | jq -c . >/tmp/ns.json 2>/dev/null
diag "$(cut -c1-300 /tmp/ns.json)"
U=$(jq -r .uuid /tmp/ns.json)
NS=$(jq -r .dev /tmp/ns.json)
P=$(dax_pmem_dev | head -n1)
ok "the namespace $NS (uuid $U) and its dax device $P" all_set "$U" "$NS" "$P"
wait_unit "$P"
is "$(unit_result "$P")" success "$(unit_of "$P"): no section yet: nothing to do, exit 0"
is "$(dax_driver "$P")" device_dax "$P: devdax, as ndctl made it"
cat >/etc/daxctl.conf.d/40-pmem.conf <<EOC
[reconfigure-device pmem-ram]
nvdimm.uuid = $U
mode = system-ram
EOC
run_ok "ndctl disable-namespace $NS" ndctl disable-namespace "$NS"
run_ok "ndctl enable-namespace $NS" ndctl enable-namespace "$NS"
P=$(dax_pmem_dev | head -n1)
n=0
while [ "$n" -lt 240 ] && [ "$(dax_driver "$P")" != kmem ]; do sleep 0.25; n=$((n + 1)); done
udevadm settle -t 30
sleep 1
unit_log "$P" | tail -n 25 | sed 's/^/#   /'
is "$(dax_driver "$P")" kmem "$P: system-ram from the nvdimm.uuid section, applied by udev + the unit"
n=$(dax_count_blocks "$P")
ok "$P: $n memory blocks" [ "$n" -gt 0 ]
is "$(blocks_in "$P" Movable)" "$n" "$P: every block online movable"
run_ok "ndctl list -N on our libdaxctl" ndctl list -N
like "$OUT" "\"uuid\":\"$U\"" "ndctl list shows the uuid the section matched"
dx_ok "our daxctl: -m devdax -f $P" reconfigure-device -m devdax -f "$P"
is "$(dax_driver "$P")" device_dax "$P: devdax"
dx_ok "our daxctl: -C $P applies the section again" reconfigure-device -C "/dev/$P"
is "$(dax_driver "$P")" kmem "$P: system-ram again (matched by nvdimm.uuid)"
is "$(blocks_in "$P" Movable)" "$n" "$P: every block online movable again"

# --- CXL: Debian's cxl on our libdaxctl. 76.1 (dpkg-installed) lists the
# region; 85 (unpacked, run through its own loader with our libdaxctl.so.1
# first in the path) disables it, offlining through daxctl_memory_offline().
run_ok "cxl 76.1: list -R -u" cxl list -R -u
like "$OUT" "region0" "cxl 76.1 shows region0"
D85=/opt/debian-daxctl/85
mkdir -p /tmp/ours
ln -sf /usr/lib/x86_64-linux-gnu/libdaxctl.so.1 /tmp/ours/libdaxctl.so.1
cxl85() { "$D85/lib/ld-linux-x86-64.so.2" --library-path "/tmp/ours:$D85/lib" "$D85/bin/cxl.real" "$@"; }
like "$("$D85/lib/ld-linux-x86-64.so.2" --library-path "/tmp/ours:$D85/lib" --list "$D85/bin/cxl.real" | grep libdaxctl)" \
	"/tmp/ours/libdaxctl.so.1" "cxl 85 resolves libdaxctl.so.1 to ours"
run_ok "cxl 85: list -R -X -u" cxl85 list -R -X -u
like "$OUT" "\"daxregion\"" "cxl 85 shows the region's dax region (through our library)"
cblocks=$(dax_blocks "$C")
ok "$C: blocks online before disable-region" [ "$(blocks_in "$C" Movable)" -gt 0 ]
run_ok "cxl 85: disable-region region0" cxl85 disable-region region0
diag "$(echo "$OUT" | tr -d '\n' | cut -c1-300)"
left=0
for b in $cblocks; do
	[ -e "$MEMSYS/$b/state" ] && [ "$(cat "$MEMSYS/$b/state")" != offline ] && left=$((left + 1))
done
is "$left" 0 "no block of the CXL region left online"
