# SPDX-License-Identifier: GPL-2.0-only
# Topology deb-race: a distribution-style udev rule onlines every new
# memory block, racing the unit; 20-app.conf is malformed. The config wins
# or the unit fails loudly, never a silent wrong zone; the malformed file
# fails its device's unit with one line naming file and line, and the
# other devices are configured.
boot_report
A=$(dev_at 0x180000000)
B=$(dev_at 0x1c0000000)
C=$(dax_by_origin cxl | head -n1)
ok "three dax devices: hmem $A, hmem $B, cxl $C" all_set "$A" "$B" "$C"
ok "the distribution rule is installed" [ -f /etc/udev/rules.d/40-memory-online.rules ]
ok "systemd: a unit failed" has_failed_units
systemctl --failed --no-legend --no-pager | sed 's/^/#   /'

# want: movable. Either every block ends in Movable and the unit succeeded,
# or the unit failed and said why: never success with another zone.
for d in $A:Movable $C:Normal; do
	dev=${d%%:*} zone=${d#*:}
	res=$(unit_result "$dev")
	n=$(dax_count_blocks "$dev")
	unit_log "$dev" | sed 's/^/#   /'
	if [ "$res" = success ]; then
		is "$(blocks_in "$dev" "$zone")" "$n" "$dev: unit succeeded and every block is in $zone (config won)"
	else
		like "$(unit_log "$dev")" "error: $dev" "$dev: unit failed ($res) with an error naming the device"
		diag "$dev: blocks now: $(for z in Movable Normal; do printf '%s=%s ' $z "$(blocks_in "$dev" $z)"; done)"
	fi
	silent=0
	[ "$res" = success ] && [ "$(blocks_in "$dev" "$zone")" != "$n" ] && silent=1
	is "$silent" 0 "$dev: never a silent wrong zone"
done

# the malformed file
is "$(unit_result "$B")" exit-code "$(unit_of "$B"): failed (exit-code)"
errs=$(unit_log "$B" | grep -F 20-app.conf || true)
unit_log "$B" | sed 's/^/#   /'
# udev's coldplug replays "add", so the unit may run twice: one line a run
is "$(printf '%s\n' "$errs" | grep -c .)" "$(unit_runs "$B")" \
	"one line per run of the unit ($(unit_runs "$B")) names the malformed file"
like "$errs" "^error: $B: .*20-app\.conf: \[reconfigure-device app\]: mode = sideways" \
	"it names the device, the file, the section and the bad line's key and value"
is "$(dax_driver "$B")" kmem "$B: left as the kernel made it"

for d in $A $C; do
	t=$(probe_to_online "$d")
	[ -n "$t" ] && diag "$d: probe -> end of the unit's first run (the distribution rule racing it): ${t%% *} s"
done
