#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Regenerate the seed corpus in test/fuzz/corpus/ from the fixtures, the
# example config, the VM tests' configs and the real `daxctl list` output.
# The corpus is committed; run this only after a fixture or a format
# changes, then look at `git diff --stat`. Root (nsrun.sh).
#
# usage: test/fuzz/mkcorpus.sh [BUILD-DIR]   (a -Dfuzz=true build; default build-fuzz)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
build=$(realpath "${1:-build-fuzz}")
out=test/fuzz/corpus
nsrun=test/fixture/nsrun.sh
fix=test/fixtures

seed() {	# seed TARGET NAME < bytes
	mkdir -p "$out/$1"
	cat >"$out/$1/$2"
}

# ---- parse: region argument, then device arguments, NUL-separated
parse() {
	local name=$1
	shift
	printf '%s\0' "$@" | head -c -1 | seed parse "$name"
}
parse none '' dax0.0
parse all all all
parse region-n 0 0.0 1.0
parse region-word region1 dax1.0 /dev/dax1.0
parse dev-path '' /dev/dax0.0 /sys/bus/dax/devices/dax1.0
parse leading-zero '' dax00.0 00.0
parse bad-names regionx dax0 dax.0 dax0. 0.0.0 -1.0
parse int-max '' dax2147483647.2147483647 dax2147483648.0
parse sizes 1G 16m 0x1000 4096 4k 1t 0 077
parse size-range 18446744073709551615 0x10000000000000000 16777216T 17179869184G
parse size-junk 12junk '' ' 1' -1 +1 1gg 1G0 0x

# ---- options: selector (0 parse_options, 1 parse_options_only, 2 list, 3-6 below), argv
opts() {
	local name=$1 sel=$2
	shift 2
	{ printf "\\x$sel"; printf '%s\0' "$@" | head -c -1; } | seed options "$name"
}
opts reconfigure 00 -m system-ram --no-movable --memmap-on-memory -f dax0.0
opts reconfigure-no 00 --no-memmap-on-memory -N -C /dev/dax0.0 -- -x
opts sizes 00 -s 1G --align=2M -n 7 -r region0 dax0.0
opts cluster 00 -uvf -s1G -ms -r0 --no-all
opts prefixes 00 --mem --no-memmap --movable --no-movable --in=x --al 1
opts bad 00 --size --mode -s -z --no-size --force=1 --memmap-on-memory=yes
opts only 01 -u -v --region all
opts only-positional 01 dax0.0
opts list-help 01 --list-opts
opts list 02 -M -u
opts list-all 02 -RDMi
opts list-region 02 --region=1 --dev dax1.0 --human
opts list-bad 02 -r regionx
opts list-dev 02 -d all -M
# the --dry-run commands: 03 reconfigure-device, 04 online-memory,
# 05 offline-memory, 06 destroy-device
opts dry-reconfigure 03 -m system-ram --no-movable dax0.0
opts dry-reconfigure-devdax 03 -m devdax -f all
opts dry-reconfigure-memmap 03 --memmap-on-memory -N dax1.0
opts dry-reconfigure-no-memmap 03 --no-memmap-on-memory -u dax0.0 dax1.0
opts dry-reconfigure-size 03 -s 512M -a 2M dax0.0
opts dry-reconfigure-region 03 -r region1 -m system-ram all
opts dry-online 04 --no-movable dax0.0
opts dry-online-all 04 -r 0 all
opts dry-offline 05 -v dax1.0
opts dry-destroy 06 -f dax0.0

# ---- conf: files separated by NUL
conf() {
	local name=$1 f first=1
	shift
	for f in "$@"; do
		[ $first = 1 ] || printf '\0'
		first=0
		printf '%s' "$f"
	done | seed conf "$name"
}
example=$(sed -n 's/^#\(\[reconfigure\|[a-z_.]* *=\)/\1/p' contrib/daxctl.example.conf)
conf example "$example"
conf example-header "$(cat contrib/daxctl.example.conf)"
conf vm-elsewhere $'[reconfigure-device elsewhere]\ndevice = dax9.9\nmode = devdax\n'
conf vm-three $'[reconfigure-device elsewhere]\ndevice = dax9.9\nmode = devdax\n' \
	$'[Reconfigure-Device pool]\ndevice = dax0.0\nmode = system-ram\nmemmap_on_memory = true\n' \
	$'[reconfigure-device override]\ndevice = dax0.0\nmode = system-ram\nmovable = false\nmemmap_on_memory = false\n'
conf vm-broken $'[reconfigure-device broken]\ndevice = dax0.0\nmode = sideways\n'
conf phys $'[reconfigure-device hbm]\nphys_addr = 0x180000000\nmode = system-ram\nmovable = false\n'
conf phys-dec $'[reconfigure-device hbm]\nphys_addr = 6442450944\nonline = no\n'
conf uuid $'[reconfigure-device app-pmem]\nnvdimm.uuid = ed93e918-e165-49d8-921d-383d7b9660c5\nmode = devdax\n'
conf cxl $'[reconfigure-device cxl-pool]\ncxl.region = region0\nmode = system-ram\nmemmap_on_memory = false\n'
conf all-keys $'; comment\n[reconfigure-device x]\ndevice = dax1.0\nnvdimm.uuid = ed93e918-e165-49d8-921d-383d7b9660c5\ncxl.region = region1\nphys_addr = 0x1c0000000\nmode = devdax\nonline = t\nmovable = F\nmemmap_on_memory = 1\n'
conf no-match-key $'[reconfigure-device lonely]\nmode = system-ram\n'
conf unknown-key $'[reconfigure-device odd]\ndevice = dax0.0\ncolour = blue\n'
conf other-section $'[global]\nfoo = bar\n[reconfigure-device]\ndevice = dax0.0\n'
conf continuation $'[reconfigure-device long]\ndevice = \\\ndax0.0\nmode = "devdax"\n'

# ---- input: `daxctl list` output (without -u), each device alone and as an array of one
for f in hmem-online cxl-region hmem2-boot hmem-split; do
	json=$("$nsrun" "$fix/$f.tar.xz" -- "$top/build/daxctl/daxctl" list -D -M -i)
	n=$(jq length <<<"$json")
	for ((i = 0; i < n; i++)); do
		jq ".[$i]" <<<"$json" | seed input "$f-$i"
	done
	jq -c '[.[0]]' <<<"$json" | seed input "$f-array"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 test/fixture/mkfixture.py build multi-mapping "$tmp/mm.tar.xz" >/dev/null
"$nsrun" "$tmp/mm.tar.xz" -- "$top/build/daxctl/daxctl" list -D -M -i |
	jq '.[0]' | seed input multi-mapping
printf '{"chardev":"dax0.1","size":"0x10000000","align":"2M"}' | seed input strings
printf '{"mappings":[{"start":1,"end":0,"page_offset":0}]}' | seed input end-before-start

# ---- sysfs: flags byte, then edits (u16 index, u8 op, u8 len, bytes) on hmem-online
"$nsrun" "$fix/hmem-online.tar.xz" -- env FUZZ_SYSFS_LIST=1 "$build/test/fuzz/fuzz-sysfs" \
	2>/dev/null >"$tmp/list"
python3 - "$tmp/list" "$out/sysfs" <<'EOF'
import os, struct, sys
idx = {}
for line in open(sys.argv[1]):
    i, p = line.rstrip('\n').split(' ', 1)
    idx[p] = int(i)
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
D = '/sys/devices/platform/hmem.0/dax0.0/'
M = '/sys/devices/system/memory/'
R = '/sys/devices/platform/hmem.0/dax_region/'
P = '/sys/module/memory_hotplug/parameters/'
WRITE, DELETE, DELETE_DIR, APPEND = range(4)
HUMAN, MUTATE, MOVABLE, FORCE, NO_ONLINE = 1, 2, 4, 8, 16
# the engine's request (sweep.c kinds[]): to system-ram, to devdax, geometry,
# online, offline, enable, disable, destroy
RAM, DEVDAX, GEOMETRY, ONLINE, OFFLINE, ENABLE, DISABLE, DESTROY = [k << 5 for k in range(8)]
def seed(name, flags, *edits):
    b = bytes([flags])
    for path, op, data in edits:
        data = data.encode() if isinstance(data, str) else data
        b += struct.pack('<HBB', idx[path], op, len(data)) + data
    open(os.path.join(out, name), 'wb').write(b)
seed('list', 0)
seed('list-human', HUMAN | FORCE)
seed('mutate-movable', MUTATE | MOVABLE)
seed('mutate-normal', MUTATE | FORCE)
seed('plan-devdax', DEVDAX)
seed('plan-devdax-force', DEVDAX | FORCE)
seed('plan-ram-memmap', RAM | MOVABLE)
seed('plan-ram-no-online', RAM | NO_ONLINE)
seed('plan-geometry', GEOMETRY)
seed('plan-align', GEOMETRY | MOVABLE | NO_ONLINE)
seed('plan-online', ONLINE | MOVABLE)
seed('plan-online-normal', ONLINE)
seed('plan-offline', OFFLINE)
seed('plan-enable', ENABLE)
seed('plan-disable-force', DISABLE | FORCE)
seed('plan-destroy', DESTROY)
seed('block-size-1g', 0, (M + 'block_size_bytes', WRITE, '40000000\n'))
seed('block-size-junk', MUTATE, (M + 'block_size_bytes', WRITE, '8000000x'))
seed('block-size-gone', 0, (M + 'block_size_bytes', DELETE, ''))
seed('size-junk', 0, (D + 'size', APPEND, 'junk'))
seed('size-empty', HUMAN, (D + 'size', WRITE, ''))
seed('resource', 0, (D + 'resource', WRITE, '0x140000000\n'), (D + 'mapping0', DELETE, ''))
seed('mapping-end', MUTATE, (D + 'mapping0/end', WRITE, '0x13fffffff\n'))
seed('mapping-start', 0, (D + 'mapping0/start', WRITE, '0xffffffffffffffff\n'))
seed('mapping-second', 0, (D[:-1], APPEND, 'mapping1'))
seed('block-going-offline', MUTATE | OFFLINE, (M + 'memory40/state', WRITE, 'going-offline\n'))
seed('block-offline', MUTATE | MOVABLE, (M + 'memory41/state', WRITE, 'offline\n'))
seed('block-missing', MUTATE, (M + 'memory42/state', DELETE_DIR, ''))
seed('zone-normal', ONLINE | MOVABLE, (M + 'memory43/valid_zones', WRITE, 'Normal\n'))
seed('zone-two', MUTATE | OFFLINE | FORCE, (M + 'memory44/valid_zones', WRITE, 'Movable Normal\n'))
seed('target-node', 0, (D + 'target_node', WRITE, '-1\n'))
seed('target-node-big', 0, (D + 'target_node', WRITE, '2147483648\n'))
seed('zoneinfo-empty', 0, ('/proc/zoneinfo', DELETE, ''))
seed('zoneinfo-node1', 0, ('/proc/zoneinfo', WRITE,
     'Node 1, zone  Movable\n  pages free 1\n        present  262144\n        managed  258048\n'))
seed('driver-devdax', DISABLE, (D + 'driver', WRITE, '../../../../bus/dax/drivers/device_dax'))
seed('driver-gone', MUTATE | ENABLE, (D + 'driver', DELETE, ''))
seed('mmom-maybe', MUTATE | MOVABLE | RAM, (D + 'memmap_on_memory', WRITE, 'maybe\n'))
seed('param-force', 0, (P + 'memmap_on_memory', WRITE, 'force\n'))
seed('auto-online', 0, (M + 'auto_online_blocks', WRITE, 'online_movable\n'))
seed('stray-dev', 0, ('/sys/bus/dax/devices', WRITE, 'dax9.9'))
seed('twin-dev', 0, ('/sys/bus/dax/devices', WRITE,
     'dax0.1\0../../../devices/platform/hmem.0/dax0.0'))
seed('loop-dev', 0, ('/sys/bus/dax/devices', WRITE, 'dax1.0\0dax1.0'))
seed('stray-dir', 0, ('/sys/bus/dax/devices', APPEND, 'daxjunk'))
seed('region-available', 0, (R + 'available_size', WRITE, ''), (R + 'id', WRITE, 'x\n'))
seed('dev-link-gone', DESTROY, ('/sys/bus/dax/devices/dax0.0', DELETE, ''))
EOF
echo "corpus: $(find "$out" -type f | wc -l) seeds"
