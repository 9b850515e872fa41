# topology: hmem-big
# Benchmark (not a test): devdax -> system-ram -> devdax with our daxctl and
# with Debian's 76.1 on the same device in the same boot. Prints, per tool,
# the mean wall, user and system time of each direction, the share of the
# wall time spent in the program itself (user), and the sysfs accesses per
# memory block counted with strace.
# shellcheck source=../test/vm/guest/lib.sh
. /vm/lib.sh

RUNS=${RUNS:-20}
d=$(dax_devices | head -n1)
nb=$(dax_count_blocks "$d")
ours=/usr/bin/daxctl
deb=$DEBIAN_DAXCTL

# timed TOOL ARGS...: rusage line of one run -> /tmp/ru
timed() {
	rusage "$@" >/dev/null 2>/tmp/ru.err
	_rc=$?
	grep '^rusage ' /tmp/ru.err | tail -n1 >/tmp/ru
	return $_rc
}
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" /tmp/ru; }
# CPU time is sampled at the tick (4 ms here): only a mean over many runs is unbiased
mean() { awk '{ s += $1 } END { printf "%d", s / NR }'; }

# bench NAME TOOL: RUNS round trips, means of each direction
bench() {
	: >/tmp/up; : >/tmp/down
	_i=0
	while [ "$_i" -lt "$RUNS" ]; do
		timed "$2" reconfigure-device -m system-ram "$d" || diag "$1: to system-ram failed: $(cat /tmp/ru.err)"
		echo "$(field real_us) $(field user_us) $(field sys_us)" >>/tmp/up
		[ "$(dax_count_blocks "$d" online)" = "$nb" ] || diag "$1: not all online"
		timed "$2" reconfigure-device -f -m devdax "$d" || diag "$1: to devdax failed: $(cat /tmp/ru.err)"
		echo "$(field real_us) $(field user_us) $(field sys_us)" >>/tmp/down
		_i=$((_i + 1))
	done
	for _dir in up down; do
		_r=$(awk '{print $1}' /tmp/$_dir | mean)
		_u=$(awk '{print $2}' /tmp/$_dir | mean)
		_s=$(awk '{print $3}' /tmp/$_dir | mean)
		echo "RESULT $1 $_dir real_us=$_r user_us=$_u sys_us=$_s user_pct=$(awk -v u="$_u" -v r="$_r" 'BEGIN { printf "%.2f", 100 * u / r }')"
	done
}

# accesses NAME TOOL: per-block sysfs opens while going to system-ram
accesses() {
	strace -f -qq -e trace=openat,open,write -o /tmp/st "$2" reconfigure-device -m system-ram "$d" >/dev/null 2>&1
	_blk="/sys/devices/system/(memory|node/node[0-9]+)/memory[0-9]+/"
	_sr=$(grep -Ec "\"${_blk}state\", O_RDONLY" /tmp/st)
	_sw=$(grep -Ec "\"${_blk}state\", O_WRONLY" /tmp/st)
	_vz=$(grep -Ec "\"${_blk}valid_zones\"" /tmp/st)
	_pi=$(grep -Ec "\"${_blk}phys_index\"" /tmp/st)
	_all=$(grep -Ec "\"${_blk}" /tmp/st)
	_sys=$(grep -Ec '^[0-9]+ +(openat|open)\(' /tmp/st)
	echo "ACCESS $1 blocks=$nb state_read=$_sr state_write=$_sw valid_zones=$_vz phys_index=$_pi block_files=$_all opens_total=$_sys"
	"$2" reconfigure-device -f -m devdax "$d" >/dev/null 2>&1
}

echo "device $d: $nb blocks of $(block_size) bytes, kernel $(uname -r), runs=$RUNS"
# process start-up alone (dynamic linking, context), for scale
for t in ours:$ours debian-76.1:$deb; do
	: >/tmp/v
	_i=0
	while [ "$_i" -lt "$RUNS" ]; do
		timed "${t#*:}" --version
		echo "$(field real_us) $(field user_us) $(field sys_us)" >>/tmp/v
		_i=$((_i + 1))
	done
	echo "RESULT ${t%%:*} start real_us=$(awk '{print $1}' /tmp/v | mean) user_us=$(awk '{print $2}' /tmp/v | mean) sys_us=$(awk '{print $3}' /tmp/v | mean) user_pct=-"
done
dx_ok "start in devdax" reconfigure-device -m devdax "$d"
bench ours "$ours"
bench debian-76.1 "$deb"
accesses ours "$ours"
accesses debian-76.1 "$deb"
ok "still devdax at the end" [ "$(dax_driver "$d")" = device_dax ]
