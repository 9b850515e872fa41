# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the Debian-userspace boots (sourced after /vm/lib.sh).

# the dax device whose first mapping starts at $1
dev_at() {
	for _d in $(dax_devices); do
		[ "$(dax_attr "$_d" mapping0/start)" = "$1" ] && echo "$_d"
	done
}
unit_of() { systemd-escape -p --template=daxdev-reconfigure@.service "/dev/$1"; }
# An instance that ran and succeeded is garbage-collected: its properties
# read as defaults (Result=success even if it never ran). The journal is
# the record: the result of the unit's last run, or "none".
unit_result() {
	unit_log "$1" | awk '
		/Deactivated successfully/ { r = "success" }
		/Failed with result/ { r = $0; sub(/.*result .?/, "", r); sub(/[^a-z-].*/, "", r) }
		END { print (r == "" ? "none" : r) }'
}
unit_runs() { unit_log "$1" | grep -c 'Starting daxdev-reconfigure@'; }
unit_log() { journalctl -b --no-pager -o cat -u "$(unit_of "$1")"; }

# From udev's first "add" of DEV's blocks (the kmem probe; logged to the
# journal by vm-memlog.rules) to the end of the unit's first run (systemd's
# own journal entry): "SECONDS ADD_TIME UNIT_START UNIT_END". udev's RUN
# entries can lag under TCG, so the end is taken from systemd, not udev.
probe_to_online() {
	_bl=$(dax_blocks "$1" | tr '\n' ' ')
	_add=$(journalctl -b --no-pager -o short-monotonic -t vm-mem |
		awk -v bl=" $_bl" '
		{ t = $0; sub(/^\[ */, "", t); sub(/\].*/, "", t) }
		$(NF - 1) == "add" && index(bl, " " $NF " ") { print t; exit }')
	_span=$(unit_span "$1")
	[ -n "$_add" ] && [ -n "$_span" ] || return 0
	echo "$_add $_span" | awk '{ printf "%.3f %.3f %.3f %.3f\n", $3 - $1, $1, $2, $3 }'
}

# the start and end (monotonic s) of the unit's first run, from its journal
unit_span() {
	journalctl -b --no-pager -o short-monotonic -u "$(unit_of "$1")" |
		awk '{ t = $0; sub(/^\[ */, "", t); sub(/\].*/, "", t) }
		/Starting/ && s == "" { s = t }
		s != "" && e == "" && /Deactivated successfully|Failed with result/ { e = t }
		END { if (s != "" && e != "") printf "%.3f %.3f\n", s, e }'
}

no_failed_units() { [ -z "$(systemctl --failed --no-legend --plain)" ]; }
has_failed_units() { ! no_failed_units; }
# all arguments non-empty
all_set() {
	for _a in "$@"; do [ -n "$_a" ] || return 1; done
}

boot_report() {
	diag "kernel $(uname -r); daxctl $(dpkg-query -W -f='${Version}' daxctl)," \
		"libdaxctl1 $(dpkg-query -W -f='${Version}' libdaxctl1)," \
		"ndctl $(dpkg-query -W -f='${Version}' ndctl); uptime $(cut -d' ' -f1 /proc/uptime) s"
	like "$(dpkg-query -W -f='${Version}' libdaxctl1)" '^1:' \
		"dpkg installed our libdaxctl1 (epoch 1) over Debian's"
	is "$(dpkg-query -W -f='${db:Status-Abbrev}' ndctl)" "ii " \
		"Debian's ndctl stays installed on our libdaxctl1"
	is "$(dpkg -S /lib/systemd/system/daxdev-reconfigure@.service 2>/dev/null | cut -d: -f1)" \
		daxctl "the unit comes from our daxctl package"
	ok "ndctl runs on our libdaxctl" ndctl --version
	ok "cxl runs on our libdaxctl" cxl --version
}
