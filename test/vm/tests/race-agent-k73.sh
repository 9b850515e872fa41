# topology: hmem kernel: 7.3
# Issue 10 on Linux 7.3: the same agent race as race-agent.sh; with the
# kmem state attribute the hot-remove is atomic, so nothing may strand.
. /vm/lib.sh

race_devdax strict
race_destroy strict
