# topology: hmem kernel: 7.3
# Issue 10 on Linux 7.3: the agent race of race-agent.sh; with the kmem
# state attribute the hot-remove is atomic and kmem is unbound only from
# "unplugged", so nothing may strand at all.
. /vm/lib.sh

race_devdax strict
race_destroy strict
