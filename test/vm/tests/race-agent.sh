# topology: hmem
# Issue 10: an onlining agent (online_movable to every offline block, as
# udev rules do) races -m devdax -f and destroy-device -f, 20 times each
# (bounded in time); then offline-memory and online-memory run together
# 20 times. On 6.12 the kernel cannot make the hot-remove atomic: a
# stranding may happen, but must be reported, never exit 0; the range is
# then lost until reboot and the rest cannot run.
. /vm/lib.sh

race_devdax lenient
if [ "$RACE_LOST" = 1 ]; then
	skip "concurrent pairs" "the range is stranded until reboot (reported)"
	skip "destroy-device -f under the agent" "the range is stranded until reboot (reported)"
	exit 0
fi
race_pairs 20
race_destroy lenient
