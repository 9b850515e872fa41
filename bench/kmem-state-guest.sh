# topology: hmem-big kernel: 7.3
# Benchmark (not a test): on Linux 7.3, reconfigure-device devdax <->
# system-ram through the kmem state attribute (this daxctl) and block by
# block (the same project's daxctl before the state backend, from the
# share), on the same device in the same boot. Prints per tool and
# direction the mean wall, user and system time, and from one strace'd
# round trip the sysfs writes per operation.
# shellcheck source=../test/vm/guest/lib.sh
. /vm/lib.sh

RUNS=${1:-10}
d=$(dax_devices | head -n1)
state_tool=/usr/bin/daxctl
blocks_tool=/tmp/blocks-daxctl
cat >"$blocks_tool" <<EOT
#!/bin/sh
LD_LIBRARY_PATH=/mnt/host/blocks/lib exec /mnt/host/blocks/bin/daxctl "\$@"
EOT
chmod +x "$blocks_tool"

timed() {
	rusage "$@" >/dev/null 2>/tmp/ru.err
	_rc=$?
	grep '^rusage ' /tmp/ru.err | tail -n1 >/tmp/ru
	return $_rc
}
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" /tmp/ru; }
mean() { awk '{ s += $1 } END { printf "%d", s / NR }'; }

# bench NAME TOOL: RUNS round trips; means per direction
bench() {
	: >/tmp/up; : >/tmp/down
	_i=0
	while [ "$_i" -lt "$RUNS" ]; do
		timed "$2" reconfigure-device -m system-ram "$d" ||
			diag "$1: to system-ram failed: $(cat /tmp/ru.err)"
		echo "$(field real_us) $(field user_us) $(field sys_us)" >>/tmp/up
		[ "$(dax_count_blocks "$d" online)" = "$nb" ] || diag "$1: not all online"
		timed "$2" reconfigure-device -f -m devdax "$d" ||
			diag "$1: to devdax failed: $(cat /tmp/ru.err)"
		echo "$(field real_us) $(field user_us) $(field sys_us)" >>/tmp/down
		_i=$((_i + 1))
	done
	for _dir in up down; do
		_r=$(awk '{print $1}' /tmp/$_dir | mean)
		_u=$(awk '{print $2}' /tmp/$_dir | mean)
		_s=$(awk '{print $3}' /tmp/$_dir | mean)
		echo "RESULT $1 $_dir real_us=$_r user_us=$_u sys_us=$_s" \
			"user_pct=$(awk -v u="$_u" -v r="$_r" 'BEGIN { printf "%.2f", 100 * u / r }')"
	done
}

# writes NAME DIR ARGS...: sysfs files opened for writing by one run
writes() {
	_n=$1 _dir=$2
	shift 2
	strace -f -qq -e trace=openat,open -o /tmp/st "$@" >/dev/null 2>&1 || diag "$_n $_dir failed"
	grep -E '"/sys/[^"]*", O_WRONLY' /tmp/st >/tmp/stw
	echo "WRITES $_n $_dir" \
		"block_state=$(grep -Ec '/memory[0-9]+/state"' /tmp/stw)" \
		"kmem_state=$(grep -Ec '/dax[0-9]+\.[0-9]+/state"' /tmp/stw)" \
		"driver=$(grep -Ec '/drivers/[a-z_]+/(bind|unbind|new_id|remove_id)"' /tmp/stw)" \
		"total=$(wc -l </tmp/stw)" \
		"sysfs_reads=$(grep -Ec '"/sys/[^"]*", O_RDONLY' /tmp/st)"
}

ok "block-path daxctl in the share" "$blocks_tool" --version
dx_ok "start in devdax" reconfigure-device -m devdax -f "$d"
nb=$(($(dax_attr "$d" size) / $(block_size)))
echo "device $d: $nb blocks of $(block_size) bytes, kernel $(uname -r), runs=$RUNS"
bench kmem-state "$state_tool"
bench blocks "$blocks_tool"
for t in kmem-state:$state_tool blocks:$blocks_tool; do
	writes "${t%%:*}" up "${t#*:}" reconfigure-device -m system-ram "$d"
	like "$(kstate "$d")" '^(online_movable|offline)$' "${t%%:*}: kmem state after system-ram"
	writes "${t%%:*}" down "${t#*:}" reconfigure-device -f -m devdax "$d"
done
is "$(dax_driver "$d")" device_dax "still devdax at the end"
