# topology: hmem
# The engine on the real kernel: rollback fidelity when device_dax cannot be
# loaded (3 of 8 blocks online come back as exactly those 3; 4 in
# ZONE_NORMAL + 4 in ZONE_MOVABLE come back as 4 + 4), the host-wide lock
# (offline-memory and online-memory started together never end mixed with
# both succeeding), and --dry-run (a plan on stdout, nothing changed).
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
is "$(dax_driver "$d")" kmem "bound to kmem at boot"
is "$(dax_count_blocks "$d" offline)" 8 "boot: 8 blocks offline"

# --- --dry-run changes nothing ---
ok "3 blocks online movable" set_blocks "$d" online_movable 3
before=$(dev_state "$d")
dx_ok "--dry-run -m devdax -f" reconfigure-device --dry-run -m devdax -f "$d"
like "$(tr -d ' \n' </tmp/dx.out)" '"step":"offline".*"step":"unbindkmem".*"step":"binddevice_dax"' \
	"the plan: offline, unbind kmem, bind device_dax"
is "$(dev_state "$d")" "$before" "--dry-run changed nothing"
dx_fail "--dry-run -m devdax without -f: the would-be EBUSY" 240 \
	reconfigure-device --dry-run -m devdax "$d"
like "$(tr -d ' \n' </tmp/dx.out)" '"would_run":false' "the plan says it would not run"

# --- device_dax unloadable: exact rollback ---
run_ok "rmmod device_dax" rmmod device_dax
for k in $(find /lib/modules -name 'device_dax.ko*'); do mv "$k" "$k.off"; done
ok "device_dax cannot be loaded" sh -c '! modprobe device_dax 2>/dev/null'

dx reconfigure-device -m devdax -f "$d"
ok "-m devdax -f fails without device_dax (exit $RC)" [ "$RC" != 0 ] && [ "$RC" != 1 ]
like "$ERR" "bind device_dax" "the error names the failed step"
is "$(grep -c '^error: ' /tmp/dx.err)" 1 "one error line"
is "$(dev_state "$d")" "$before" "exactly the same 3 blocks online again, zones as before"

ok "offline all" set_blocks "$d" offline
ok "4 blocks online_kernel" set_blocks "$d" online_kernel 4
ok "4 blocks online_movable" set_blocks "$d" online_movable 4
is "$(blocks_in "$d" Normal)" 4 "4 in ZONE_NORMAL"
is "$(blocks_in "$d" Movable)" 4 "4 in ZONE_MOVABLE"
before=$(dev_state "$d")
dx reconfigure-device -m devdax -f "$d"
is "$(grep -c '^error: ' /tmp/dx.err)" 1 "one error line"
like "$ERR" "bind device_dax" "the error names the failed step"
ok "fails (exit $RC)" [ "$RC" != 0 ] && [ "$RC" != 1 ]
is "$(dev_state "$d")" "$before" "back as 4 Normal + 4 Movable"

for k in $(find /lib/modules -name 'device_dax.ko*.off'); do mv "$k" "${k%.off}"; done

# --- the lock: offline and online started together, 10 times ---
ok "all online movable" set_blocks "$d" offline
ok "all online movable" set_blocks "$d" online_movable
mixed=0 both=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	daxctl offline-memory "$d" >/dev/null 2>/tmp/p1.err &
	p1=$!
	daxctl online-memory "$d" >/dev/null 2>/tmp/p2.err &
	p2=$!
	wait "$p1"; r1=$?
	wait "$p2"; r2=$?
	on=$(dax_count_blocks "$d" online)
	if [ "$r1" = 0 ] && [ "$r2" = 0 ]; then
		both=$((both + 1))
		[ "$on" = 0 ] || [ "$on" = 8 ] || mixed=$((mixed + 1))
	fi
	[ "$on" = 8 ] || set_blocks "$d" online_movable >/dev/null
done
diag "pairs with both succeeding: $both of 10"
is "$mixed" 0 "no pair ended in a mixed state with both succeeding"

daxctl offline-memory "$d" >/dev/null 2>&1
mkdir -p /run/lock
ok "flock(1) present" command -v flock
flock /run/lock/daxctl.lock sleep 4 &
# under TCG the holder may take a while to start: wait until it holds the lock
for i in $(seq 50); do flock -n /run/lock/daxctl.lock true || break; sleep 0.1; done
dx_ok "online-memory waits for the lock, then runs" online-memory "$d"
is "$(grep -c 'waiting for another daxctl' /tmp/dx.err)" 1 "it said once that it waits"
wait
is "$(dax_count_blocks "$d" online)" 8 "8 online after the wait"
