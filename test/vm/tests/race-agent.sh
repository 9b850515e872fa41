# topology: hmem
# Issue 10: an onlining agent (online_movable to every offline block, as
# udev rules do) races -m devdax -f and destroy-device -f, 20 times each.
# On 6.12 the kernel cannot make the hot-remove atomic: a stranding may
# happen, but must be reported, never exit 0.
. /vm/lib.sh

race_devdax lenient
race_destroy lenient
