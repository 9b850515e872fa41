#!/bin/bash
# contrib/bash-completion/daxctl: what it offers after the options that take
# a fixed set of values, with the build's daxctl for command and option
# names. Runs on the host (device names are not checked: no fixture here).
# usage: test/contrib/completion.sh BUILD_DIR
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
daxctl=$(cd "${1:?build dir}" && pwd)/daxctl/daxctl
# shellcheck source=../../contrib/bash-completion/daxctl
source "$top/contrib/bash-completion/daxctl"
pass=0 fail=0

# expect "WORDS..." "REPLY": complete the last word of WORDS
expect() {
	local want=$2 got
	read -r -a COMP_WORDS <<<"$1"
	[[ $1 == *" " ]] && COMP_WORDS+=("")
	COMP_WORDS[0]=$daxctl
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	_daxctl
	got="${COMPREPLY[*]}"
	if [ "$got" = "$want" ]; then
		echo "ok - '$1' -> '$want'"
		pass=$((pass + 1))
	else
		echo "not ok - '$1': got '$got', want '$want'"
		fail=$((fail + 1))
	fi
}

expect "daxctl reconfigure-device -m " "system-ram devdax famfs"
expect "daxctl reconfigure-device --mode = " "system-ram devdax famfs"
expect "daxctl reconfigure-device --mode = f" "famfs"
expect "daxctl reconfigure-device -m d" "devdax"
expect "daxctl reconf" "reconfigure-device"
expect "daxctl list --hum" "--human"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
