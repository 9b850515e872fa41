# topology: hmem
# Issue 10: offline-memory and online-memory started together, 20 pairs.
# Mutating commands hold one host-wide lock, so the second waits for the
# first: the device never ends mixed with both commands exiting 0.
. /vm/lib.sh

race_pairs 20
