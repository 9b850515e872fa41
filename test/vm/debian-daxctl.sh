#!/bin/bash
# Print the path of Debian's daxctl wrapper for VERSION (76.1 = bookworm,
# 81 = trixie, 85 = sid), fetching it into the VM cache first if it is
# missing. The same directory has bin/ndctl and bin/cxl (for 85, and for any
# version fetched since) and, from libdaxctl-dev, include/daxctl/libdaxctl.h.
# The wrapper runs the real binary through that release's own loader, so it
# works on any x86-64 glibc host.
#   usage: test/vm/debian-daxctl.sh VERSION
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 VERSION (76.1, 81 or 85)" >&2; exit 2; }
CACHE=${DAXCTL_VM_CACHE:-/var/cache/daxctl-vm}
wrap=$CACHE/debian-daxctl/$1/bin/daxctl
if [ ! -f "$CACHE/debian-daxctl/$1/.complete" ]; then
	"$(dirname "$0")/fetch.sh" --no-qemu --daxctl >&2
fi
[ -x "$wrap" ] || { echo "$0: no Debian daxctl $1 in $CACHE" >&2; exit 1; }
echo "$wrap"
