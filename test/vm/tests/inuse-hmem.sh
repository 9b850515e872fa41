# topology: hmem
# Issue 10: never pull memory from under a process. With /dev/daxX.Y
# mapped (or only open) by a process, the steps that unbind device_dax,
# resize or disable the device refuse and name the PID; --force proceeds.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "start: devdax" dax_goto "$d" devdax
wait_for "/dev/$d"

# hold MODE: daxmap holds /dev/$d (map or fd); HOLDER is its PID
hold() {
	daxmap "/dev/$d" "$1" >/tmp/daxmap.out 2>&1 &
	HOLDER=$!
	_n=50
	while ! grep -q held /tmp/daxmap.out && [ "$_n" -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	ok "a process holds /dev/$d ($1)" grep -q "held $HOLDER" /tmp/daxmap.out
}
release() {
	kill "$HOLDER" 2>/dev/null
	wait "$HOLDER" 2>/dev/null
	return 0
}
# refused DESC ARGS...: EBUSY, the PID named, the device untouched
refused() {
	_desc=$1
	shift
	_before=$(dev_state "$d") _size=$(dax_attr "$d" size)
	dx_fail "$_desc: refused" 240 "$@"
	like "$ERR" "$HOLDER" "$_desc: the error names PID $HOLDER"
	like "$ERR" 'force' "$_desc: the error mentions --force"
	is "$(dev_state "$d")" "$_before" "$_desc: device untouched"
	is "$(dax_attr "$d" size)" "$_size" "$_desc: size untouched"
	ok "$_desc: the process is alive" kill -0 "$HOLDER"
}

hold map
refused "-m system-ram" reconfigure-device -m system-ram "$d"
refused "disable-device" disable-device "$d"
refused "-s 512M" reconfigure-device -s 512M "$d"
dev_kv "$d"
is "$(_k mode)" '"devdax"' "list still works (takes no lock, no refusal)"
release

hold fd
refused "-m system-ram (fd only)" reconfigure-device -m system-ram "$d"
release

dx_ok "nobody holds it: -s 512M" reconfigure-device -s 512M "$d"
is "$(dax_attr "$d" size)" 536870912 "resized to 512M"
dx_ok "back to 1G" reconfigure-device -s 1G "$d"

hold map
dx_ok "-s 512M --force" reconfigure-device -s 512M --force "$d"
is "$(dax_attr "$d" size)" 536870912 "--force: resized"
release
dx_ok "back to 1G" reconfigure-device -s 1G "$d"

hold map
dx_ok "disable-device --force" disable-device --force "$d"
is "$(dax_driver "$d")" "" "--force: unbound"
release
dx_ok "enable-device" enable-device "$d"

hold map
dx_ok "-m system-ram --force" reconfigure-device -m system-ram --force "$d"
is "$(dax_driver "$d")" kmem "--force: system-ram"
sleep 1.5
like "$(cat /tmp/daxmap.out)" 'SIGBUS' "the process lost its mapping (SIGBUS)"
release
