# topology: hmem
# An offline the kernel cannot finish: pages long-term pinned (io_uring
# fixed buffers) in ZONE_NORMAL make the kernel retry migration until a
# signal arrives. daxctl bounds that with its time limit and turns SIGINT
# or SIGTERM into a clean stop: the blocks it had offlined go back online
# in their zone, kmem stays bound, and the exit status says why.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

d=$(dax_by_origin hmem | head -n1)
ok "hmem device present" [ -n "$d" ]
node=$(dax_attr "$d" target_node)
dx_ok "online-memory --no-movable" online-memory --no-movable "$d"
is "$(blocks_in "$d" Normal)" 8 "8 blocks in ZONE_NORMAL"
ok "long-term pin 256 MiB on node$node" pin_start "$node" 256 pin
before=$(dev_state "$d")

# time limit: ETIMEDOUT (110) -> exit 146
export DAXCTL_OFFLINE_TIMEOUT=3
start=$(date +%s)
dx_fail "offline-memory hits the time limit" 146 offline-memory "$d"
took=$(($(date +%s) - start))
ok "gave up after about 3 s (took $took s)" [ "$took" -ge 3 ] && [ "$took" -le 15 ]
like "$ERR" "^error: $d: offline memory: .*memory[0-9]+.*within 3 s" \
	"the error names the block and the limit"
is "$(echo "$ERR" | grep -c '^error: ')" 1 "one error line"
is "$(dev_state "$d")" "$before" "nothing changed after the time limit"

dx_fail "reconfigure -m devdax -f hits the time limit" 146 \
	reconfigure-device -m devdax -f "$d"
is "$(dev_state "$d")" "$before" "still system-ram, all online, after a timed-out devdax switch"
unset DAXCTL_OFFLINE_TIMEOUT

# a signal mid-offline: EINTR (4) -> exit 252
for sig in INT TERM; do
	daxctl offline-memory "$d" >/tmp/sig.out 2>/tmp/sig.err &
	pid=$!
	sleep 2
	ok "offline-memory still working after 2 s ($sig test)" kill -0 "$pid"
	kill -"$sig" "$pid"
	wait "$pid"
	rc=$?
	is "$rc" 252 "SIG$sig: exit status 252 (EINTR)"
	like "$(cat /tmp/sig.err)" "^error: $d: offline memory: .*interrupted by" \
		"SIG$sig: the error says it was interrupted"
	is "$(dev_state "$d")" "$before" "SIG$sig: blocks back online, in ZONE_NORMAL"
done

daxctl reconfigure-device -m devdax -f "$d" >/tmp/sig.out 2>/tmp/sig.err &
pid=$!
sleep 2
kill -TERM "$pid"
wait "$pid"
is "$?" 252 "SIGTERM during reconfigure -m devdax: exit 252"
is "$(dev_state "$d")" "$before" "reconfigure interrupted: still system-ram, all online"
pin_stop
