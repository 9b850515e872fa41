# topology: hmem2
# Several devices per command (two hmem regions on nodes 1 and 2, global
# memmap_on_memory N): names and "all", the summary line and one JSON array;
# a failure on one device does not stop the other and decides the exit
# status; -r selects a region; an unknown name is ENODEV after the others
# are done; list is sorted by region.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

# shellcheck disable=SC2046 # one word per device is what we want
set -- $(dax_by_origin hmem)
is "$#" 2 "two hmem devices"
a=$1
b=$2
ra=$(cat "$(dax_region_dir "$a")/dax_region/id")
rb=$(cat "$(dax_region_dir "$b")/dax_region/id")
ok "two regions ($ra, $rb)" [ "$ra" != "$rb" ]
na=$(dax_attr "$a" target_node)
nb=$(dax_attr "$b" target_node)
size_kb=$(($(dax_attr "$a" size) / 1024))

# summary N: the stderr summary line says N device(s) were reconfigured
summary() {
	_s=s
	[ "$1" = 1 ] && _s=
	is "$(grep -c "^reconfigured $1 device$_s\$" /tmp/dx.err)" 1 \
		"summary line 'reconfigured $1 device$_s'"
}

# json_chardevs: the chardevs of the JSON array on stdout, space-separated
json_chardevs() { jq -r '[.[].chardev] | join(" ")' /tmp/dx.out 2>/dev/null; }

# --- two names in one command ---
dx_ok "-m system-ram $a $b" reconfigure-device -m system-ram "$a" "$b"
summary 2
is "$(json_chardevs)" "$a $b" "stdout: one JSON array of both devices, in order"
is "$(blocks_in "$a" Movable) $(blocks_in "$b" Movable)" "8 8" "both 8 online movable"
is "$(node_memtotal "$na") $(node_memtotal "$nb")" "$size_kb $size_kb" \
	"node$na and node$nb MemTotal = full size"

# --- both fail: the global parameter is N ---
sa=$(dev_state "$a")
sb=$(dev_state "$b")
dx_fail "--memmap-on-memory -f on both fails" 161 \
	reconfigure-device -m system-ram --memmap-on-memory -f "$a" "$b"
is "$(grep -c '^error: ' /tmp/dx.err)" 2 "two error lines"
like "$(grep '^error: ' /tmp/dx.err | head -n1)" "^error: $a: " "the first names $a"
like "$(grep '^error: ' /tmp/dx.err | tail -n1)" "^error: $b: " "the second names $b"
summary 0
is "$(json_chardevs)" "" "stdout: no device JSON"
is "$(dev_state "$a")" "$sa" "$a unchanged"
is "$(dev_state "$b")" "$sb" "$b unchanged"

# --- "all" ---
dx_ok "-m devdax -f all" reconfigure-device -m devdax -f all
summary 2
is "$(json_chardevs)" "$a $b" "stdout: both devices"
is "$(dax_driver "$a") $(dax_driver "$b")" "device_dax device_dax" "both devdax"

# --- -r selects one region ---
dx_ok "-r $rb -m system-ram -N all" reconfigure-device -r "$rb" -m system-ram -N all
summary 1
is "$(json_chardevs)" "$b" "stdout: only $b"
is "$(dax_driver "$a")" device_dax "$a (region $ra) untouched"
is "$(dax_driver "$b")" kmem "$b (region $rb) bound to kmem"
is "$(dax_count_blocks "$b" offline)" 8 "$b: 8 blocks offline (-N)"

# --- one of two fails: pinned memory in ZONE_NORMAL on one node ---
dx_ok "-m system-ram --no-movable $a $b" reconfigure-device -m system-ram --no-movable "$a" "$b"
is "$(blocks_in "$a" Normal) $(blocks_in "$b" Normal)" "8 8" "both 8 online Normal"
ok "pin 64 MiB of unmovable memory on node$na" pin_start "$na" 64 pipe
sa=$(dev_state "$a")
dx_fail "-m devdax -f: $a cannot go offline" 240 reconfigure-device -m devdax -f "$a" "$b"
is "$(grep -c '^error: ' /tmp/dx.err)" 1 "one error line"
like "$(grep '^error: ' /tmp/dx.err)" "^error: $a: .*memory[0-9]+" "it names $a and a block"
summary 1
is "$(json_chardevs)" "$b" "stdout: only $b"
is "$(dev_state "$a")" "$sa" "$a rolled back: kmem, 8 online Normal"
is "$(dax_driver "$b")" device_dax "$b went on to devdax"
pin_stop

# --- an unknown name: ENODEV, the other device still processed ---
dx_fail "dax9.9 and $b: unknown device" 237 reconfigure-device -m system-ram dax9.9 "$b"
like "$ERR" "dax9\\.9" "the error names dax9.9"
is "$(dax_driver "$b")" kmem "$b still reconfigured"
[ "$(dax_driver "$b")" = kmem ] || sed 's/^/#   stderr: /' /tmp/dx.err
is "$(blocks_in "$b" Movable)" 8 "$b: 8 online movable"
summary 1
is "$(json_chardevs)" "$b" "stdout: $b"

# --- list is sorted by region and device ---
daxctl list -R -D >/tmp/l.json 2>/dev/null
is "$(jq -r '[.[].id] | join(" ")' /tmp/l.json)" \
	"$(printf '%s\n' "$ra" "$rb" | sort -n | tr '\n' ' ' | sed 's/ $//')" \
	"list -R -D: regions in ascending id order"
daxctl list >/tmp/l.json 2>/dev/null
is "$(jq -r '[.[].chardev] | join(" ")' /tmp/l.json)" "$a $b" "list: devices in order"
