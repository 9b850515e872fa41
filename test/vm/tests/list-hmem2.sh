# topology: hmem2
# daxctl list with two regions on two nodes, one device partly online.
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

devs=$(dax_by_origin hmem)
is "$(echo "$devs" | wc -w)" 2 "two hmem devices"
list_check boot
ok "online 3 blocks of the second device" set_blocks "$(echo "$devs" | tail -n1)" online_movable 3
list_check "one partly online"
