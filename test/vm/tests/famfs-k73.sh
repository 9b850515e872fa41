# topology: hmem kernel: 7.3
# famfs mode end to end on Debian's 7.3 kernel (fsdev_dax), with our daxctl
# and with Debian's daxctl 85 on our libdaxctl.so.1 against its own; and
# "list" on 7.x: rebuilt_kmem_state (unplugged at a glance), --rebuilt-host.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
like "$(uname -r)" '^7\.' "kernel 7.x"

# --- ours ---
ok "start: devdax" dax_goto "$d" devdax
rmmod fsdev_dax 2>/dev/null
ok "fsdev_dax not loaded" [ ! -d /sys/module/fsdev_dax ]
dx_ok "reconfigure-device -m famfs" reconfigure-device -m famfs "$d"
is "$(dax_driver "$d")" fsdev_dax "bound to fsdev_dax"
ok "fsdev_dax loaded through libkmod" [ -d /sys/module/fsdev_dax ]
like "$(cat /tmp/dx.out)" '"mode":"famfs"' "reconfigure prints the device in famfs mode"
dev_kv "$d"
is "$(_k mode)" '"famfs"' "list: mode famfs"
list_check "famfs"
dx_ok "famfs -> famfs: already" reconfigure-device -m famfs "$d"
like "$ERR" "already in famfs mode" "says it is already in famfs mode"
dx_fail "--no-online with famfs: usage error" 129 reconfigure-device -m famfs -N "$d"
like "$ERR" "no-online is incompatible with --mode=famfs" "the usage error says why"
dx_ok "enable-device on famfs: already enabled" enable-device "$d"
is "$(dax_driver "$d")" fsdev_dax "still fsdev_dax"
dx_ok "disable-device on famfs" disable-device "$d"
is "$(dax_driver "$d")" "" "unbound"
dx_ok "famfs from disabled" reconfigure-device -m famfs "$d"
is "$(dax_driver "$d")" fsdev_dax "fsdev_dax again"
dx_ok "famfs -> devdax" reconfigure-device -m devdax "$d"
is "$(dax_driver "$d")" device_dax "device_dax"
ok "start: system-ram, online" dax_goto "$d" movable
before=$(dev_state "$d")
dx_fail "system-ram -> famfs refused" 234 reconfigure-device -m famfs "$d"
is "$(printf '%s\n' "$ERR" | grep -c '^error: ')" 1 "one error line"
like "$ERR" "$d: reconfigure to famfs: Invalid argument.*system-ram mode; must be in devdax mode" \
	"the error names the device and says why"
is "$(dev_state "$d")" "$before" "nothing changed"

# --- config file: mode = famfs ---
ok "start: devdax" dax_goto "$d" devdax
mkdir -p /etc/daxctl.conf.d
cat >/etc/daxctl.conf.d/famfs.conf <<EOC
[reconfigure-device shared]
device = $d
mode = famfs
EOC
dx_ok "reconfigure-device -C with mode = famfs" reconfigure-device -C "$d"
is "$(dax_driver "$d")" fsdev_dax "fsdev_dax from the config file"
rm -f /etc/daxctl.conf.d/famfs.conf

# --- Debian's daxctl 85, on its own library and on ours: same end states ---
mkdir -p /tmp/ourlib
cp -L /usr/lib/x86_64-linux-gnu/libdaxctl.so.1 /tmp/ourlib/
O=/opt/debian-daxctl/85
theirs() { "$O/bin/daxctl" "$@"; }
ours85() {
	"$O/lib/ld-linux-x86-64.so.2" --library-path "/tmp/ourlib:$O/lib" \
		--argv0 daxctl "$O/bin/daxctl.real" "$@"
}
# seq LABEL START ARGS...: both from START; exit status and end state equal
seq85() {
	_l=$1
	_s=$2
	shift 2
	dax_goto "$d" "$_s"
	theirs "$@" "$d" >/tmp/t.out 2>/tmp/t.err
	_trc=$?
	_tst=$(dev_state "$d")
	_tls=$(theirs list -d "$d" 2>&1)
	dax_goto "$d" "$_s"
	ours85 "$@" "$d" >/tmp/o.out 2>/tmp/o.err
	is "$?" "$_trc" "85 on ours: $_l: exit status as on 85's library"
	is "$(dev_state "$d")" "$_tst" "85 on ours: $_l: end state as on 85's library"
	is "$(cat /tmp/o.out)" "$(cat /tmp/t.out)" "85 on ours: $_l: output as on 85's library"
	is "$(ours85 list -d "$d" 2>&1)" "$_tls" "85 on ours: $_l: list as on 85's library"
}
seq85 "devdax -> famfs" devdax reconfigure-device -m famfs
is "$(dax_driver "$d")" fsdev_dax "85 on ours: famfs reached"
seq85 "famfs -> devdax" famfs reconfigure-device -m devdax
seq85 "famfs -> famfs" famfs reconfigure-device -m famfs
seq85 "system-ram -> famfs (refused)" movable reconfigure-device -m famfs
seq85 "unbound -> famfs" unbound reconfigure-device -m famfs
seq85 "famfs -> system-ram" famfs reconfigure-device -m system-ram
seq85 "disable-device famfs" famfs disable-device
seq85 "enable-device famfs" famfs enable-device
seq85 "devdax -> system-ram" devdax reconfigure-device -m system-ram
seq85 "system-ram -> devdax -f" movable reconfigure-device -m devdax -f
for a in "list" "list -RDMi" "list -u"; do
	dax_goto "$d" famfs
	# shellcheck disable=SC2086
	is "$(ours85 $a 2>&1)" "$(theirs $a 2>&1)" "85 on ours: '$a' identical (famfs)"
done

# --- list on 7.x: the kmem state attribute ---
ok "start: system-ram offline" dax_goto "$d" offline
dev_kv "$d"
is "$(_k rebuilt_kmem_state)" "\"$(dax_attr "$d" state)\"" "rebuilt_kmem_state is kmem's state"
wr_ok "$DAXBUS/devices/$d/state" unplugged "hot-remove via state"
dev_kv "$d"
is "$(_k rebuilt_kmem_state)" '"unplugged"' "list: rebuilt_kmem_state unplugged"
is "$(_k online_memblocks)" 0 "list: no block online while unplugged"
is "$(_k mode)" '"system-ram"' "list: still system-ram (kmem bound)"
wr_ok "$DAXBUS/devices/$d/state" online_movable "hot-add + online via state"
dev_kv "$d"
is "$(_k rebuilt_kmem_state)" '"online_movable"' "list: rebuilt_kmem_state online_movable"
is "$(_k online_memblocks)" 8 "list: 8 blocks online"
list_check "kmem online_movable (7.3)"
daxctl list --rebuilt-host >/tmp/host.json 2>/tmp/host.err
_flat /tmp/host.json '.[0].rebuilt_host' >/tmp/obj.kv
is "$(_k memory_block_size)" "$(block_size)" "--rebuilt-host: memory_block_size"
is "$(_k auto_online_blocks)" "\"$(cat "$MEMSYS/auto_online_blocks")\"" "--rebuilt-host: auto_online_blocks"
is "$(_k online_policy)" "\"$(cat /sys/module/memory_hotplug/parameters/online_policy)\"" \
	"--rebuilt-host: online_policy"
is "$(_k memmap_on_memory)" "\"$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)\"" \
	"--rebuilt-host: memmap_on_memory"
is "$(jq length /tmp/host.json)" 2 "--rebuilt-host: once, beside the one device"
