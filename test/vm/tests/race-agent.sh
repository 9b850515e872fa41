# topology: hmem
# Issue 10: an onlining agent (online_movable to every offline block, as
# udev rules do) races -m devdax -f and destroy-device -f, up to 20 times
# each within RACE_BUDGET seconds. On 6.12 the kernel cannot make the
# hot-remove atomic: a stranding may happen, but must be reported, never
# exit 0; the range is then lost until reboot and the destroy race cannot run.
. /vm/lib.sh

race_devdax lenient
if [ "$RACE_LOST" = 1 ]; then
	skip "destroy-device -f under the agent" "the range is stranded until reboot (reported)"
	exit 0
fi
race_destroy lenient
