# topology: hmem
# Differential: every operation Debian's daxctl 76.1 has, run by Debian's
# tool (76.1, then 85) and by ours on the same device from the same start
# state (set up by raw sysfs writes); driver, memmap attribute, block
# states and zones and the exit status must be the same.
# auto_online_blocks is "offline".
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
node=$(dax_attr "$d" target_node)
is "$(cat "$MEMSYS/auto_online_blocks")" offline "auto_online_blocks is offline"
for v in 76.1 85; do
	is "$("/opt/debian-daxctl/$v/bin/daxctl" version 2>&1)" "$v" "Debian's daxctl $v runs"
done

# start STATE: dax_goto, plus "partial" (kmem, 3 blocks online movable,
# 5 offline)
start() {
	if [ "$1" = partial ]; then
		dax_goto "$d" offline && set_blocks "$d" online_movable 3 >&2
	else
		dax_goto "$d" "$1"
	fi
}

# diff_seq LABEL START WANT ARGS...: Debian's "daxctl ARGS DEV" then ours,
# each from START; same exit status, same dev_state and node MemTotal; and
# the end state must match the ERE WANT (so that two equal wrong answers
# do not pass)
diff_seq() {
	_l=$1
	_st=$2
	_xre=$3
	shift 3
	_l="$DEB_V: $_l"
	ok "$_l: start $_st for Debian" start "$_st"
	"/opt/debian-daxctl/$DEB_V/bin/daxctl" "$@" "$d" >/tmp/deb.out 2>/tmp/deb.err
	_drc=$?
	_deb=$(dev_state "$d")
	_dmt=$(node_memtotal "$node")
	ok "$_l: start $_st for ours" start "$_st"
	dx "$@" "$d"
	_ours=$(dev_state "$d")
	if [ -n "$D7" ]; then
		# deliberate difference D7: "already offline/online" is
		# success for us, exit 1 for Debian
		is "$_drc $RC" "1 0" "$_l: exit status Debian 1, ours 0 (D7)"
	else
		is "$RC" "$_drc" "$_l: exit status same as Debian's"
	fi
	if [ "$RC" != "$_drc" ] && [ -z "$D7" ]; then
		sed 's/^/#   debian: /' /tmp/deb.err
		sed 's/^/#   ours:   /' /tmp/dx.err
	fi
	is "$_ours" "$_deb" "$_l: end state same as Debian's"
	is "$(node_memtotal "$node")" "$_dmt" "$_l: node$node MemTotal same as Debian's"
	like "$_ours" "$_xre" "$_l: end state is the expected one"
}

B='[0-9]+'
ON_MOV="( $B:online:Movable){8}\$"
ON_NORM="( $B:online:Normal){8}\$"
OFF="( $B:offline:[A-Za-z,]+){8}\$"

all_seqs() {
D7=
	diff_seq "devdax -> system-ram" devdax "^driver=kmem mom=0$ON_MOV" \
		reconfigure-device -m system-ram
	diff_seq "unbound -> system-ram" unbound "^driver=kmem mom=0$ON_MOV" \
		reconfigure-device -m system-ram
	diff_seq "devdax -> system-ram --no-movable" devdax "^driver=kmem mom=0$ON_NORM" \
		reconfigure-device -m system-ram --no-movable
	diff_seq "system-ram -> devdax -f" movable "^driver=device_dax mom=0\$" \
		reconfigure-device -m devdax -f
	diff_seq "system-ram (normal) -> devdax -f" normal "^driver=device_dax mom=0\$" \
		reconfigure-device -m devdax -f
	diff_seq "system-ram online -> devdax without -f" movable "^driver=kmem mom=0$ON_MOV" \
		reconfigure-device -m devdax
	diff_seq "system-ram offline -> devdax" offline "^driver=device_dax mom=0\$" \
		reconfigure-device -m devdax
	diff_seq "online-memory --no-movable from offline" offline "^driver=kmem mom=0$ON_NORM" \
		online-memory --no-movable
	diff_seq "online-memory from offline" offline "^driver=kmem mom=0$ON_MOV" \
		online-memory
	diff_seq "online-memory from partly online" partial "^driver=kmem mom=0$ON_MOV" \
		online-memory
	diff_seq "offline-memory" movable "^driver=kmem mom=0$OFF" \
		offline-memory
	diff_seq "offline-memory (normal)" normal "^driver=kmem mom=0$OFF" \
		offline-memory
	D7=1
	diff_seq "offline-memory when already offline" offline "^driver=kmem mom=0$OFF" \
		offline-memory
	diff_seq "online-memory when already online" movable "^driver=kmem mom=0$ON_MOV" \
		online-memory
	D7=
	diff_seq "devdax -> system-ram -N" devdax "^driver=kmem mom=0$OFF" \
		reconfigure-device -m system-ram -N
	diff_seq "unbound -> system-ram -N" unbound "^driver=kmem mom=0$OFF" \
		reconfigure-device -m system-ram -N
	diff_seq "devdax -> devdax" devdax "^driver=device_dax mom=0\$" \
		reconfigure-device -m devdax
}

for DEB_V in 76.1 85; do
	all_seqs
done
