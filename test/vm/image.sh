#!/bin/bash
# Build (or reuse) the base initramfs for one guest kernel and print its path.
# Contents: static busybox, /init, the dax/kmem/hmem/CXL/9p modules
# (decompressed, with modules.dep), the errno probe /usr/bin/wr, the host's
# jq with its libraries, and Debian's daxctl 76.1, 81 and 85 (85 with ndctl
# and cxl) under
# /opt/debian-daxctl/<version>.  The image is named by a hash of its inputs,
# so a warm cache reuses it; it is written to a temporary name and renamed.
#   usage: test/vm/image.sh [6.12|6.1|7.3|KVER]
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${DAXCTL_VM_CACHE:-/var/cache/daxctl-vm}
K=${1:-6.12}

die() { echo "image: error: $*" >&2; exit 1; }

if [ -L "$CACHE/kernel-$K" ]; then
	KDIR=$(readlink -f "$CACHE/kernel-$K")
else
	KDIR=$CACHE/kernel/$K
fi
[ -f "$KDIR/.complete" ] || die "kernel $K not in $CACHE (run test/vm/fetch.sh)"
KVER=$(basename "$KDIR")
BB=$CACHE/busybox/bin/busybox
[ -x "$BB" ] || die "busybox not in $CACHE (run test/vm/fetch.sh)"

BOOT_MODS="cxl_acpi dax_hmem device_dax kmem"
# fsdev_dax (famfs mode) exists from 7.x on; a module a kernel lacks resolves to nothing
declare -A MOD_GROUPS=([cxl]="cxl_pci cxl_mem cxl_pmem dax_cxl" [pmem]="dax_pmem"
	[9p]="virtio_pci 9pnet_virtio 9p" [famfs]="fsdev_dax")
DEBIAN_DAXCTL="76.1 81 85"

JQ=$(command -v jq || true)
STRACE=$(command -v strace || true)

# Hash every input so an edit to this script, /init or the probe rebuilds.
inputs() {
	local v
	echo "$KVER"
	sha256sum "$0" "$HERE/guest/init" "$HERE/guest/wr.c" "$HERE"/progs/*.c "$BB" |
		cut -d' ' -f1
	[ -n "$JQ" ] && sha256sum "$JQ" | cut -d' ' -f1
	[ -n "$STRACE" ] && sha256sum "$STRACE" | cut -d' ' -f1
	for v in $DEBIAN_DAXCTL; do
		cat "$CACHE/debian-daxctl/$v/.source" 2>/dev/null || echo "no $v"
	done
}
HASH=$(inputs | sha256sum | cut -c1-16)
OUT=$CACHE/image/base-$KVER-$HASH.cpio
if [ -f "$OUT" ]; then
	echo "$OUT"
	exit 0
fi

mkdir -p "$CACHE/image"
TMP=$(mktemp -d "$CACHE/image/.tmp.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
R=$TMP/root
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,etc/vm,proc,sys,dev,tmp,run,root,mnt/host,vm}

# busybox and its applet links
cp "$BB" "$R/bin/busybox"
for p in $("$BB" --list-full); do
	[ -e "$R/$p" ] || ln -s /bin/busybox "$R/$p"
done
echo 'root:x:0:0:root:/root:/bin/sh' >"$R/etc/passwd"
echo 'root:x:0:' >"$R/etc/group"
install -m 755 "$HERE/guest/init" "$R/init"

cc -static -O2 -Wall -Wextra -o "$R/usr/bin/wr" "$HERE/guest/wr.c"
# test programs (progs/NAME.c -> /usr/bin/NAME)
for p in "$HERE"/progs/*.c; do
	cc -static -O2 -Wall -Wextra -Werror -o "$R/usr/bin/$(basename "$p" .c)" "$p"
done

# Copy an ELF and every library ldd lists, at the same paths.
copy_elf() {
	local f
	mkdir -p "$R$(dirname "$1")"
	cp -L "$1" "$R$1"
	for f in $(ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		mkdir -p "$R$(dirname "$f")"
		[ -e "$R$f" ] || cp -L "$f" "$R$f"
	done
}
# strace: the benchmarks count sysfs accesses with it
if [ -n "$STRACE" ]; then
	copy_elf "$STRACE"
fi
if [ -n "$JQ" ]; then
	copy_elf "$JQ"
fi

# Modules: host-side load order (softdeps included), decompressed copies.
MODSRC=$KDIR/lib/modules/$KVER
MODDST=$R/lib/modules/$KVER
mkdir -p "$MODDST"
cp "$MODSRC"/modules.builtin "$MODSRC"/modules.builtin.modinfo "$MODSRC"/modules.order \
	"$MODDST/"
order() {
	local m
	for m in "$@"; do
		modprobe -d "$KDIR" -S "$KVER" --show-depends "$m" 2>/dev/null |
			awk '$1 == "insmod" { print $2 }' || true
	done | awk '!seen[$0]++'
}
add_group() {
	local name=$1 src rel dst
	shift
	: >"$R/etc/vm/modules.$name"
	for src in $(order "$@"); do
		rel=${src#"$KDIR"}
		rel=${rel%.xz}
		dst=$R$rel
		if [ ! -f "$dst" ]; then
			mkdir -p "$(dirname "$dst")"
			case $src in
			*.xz) xz -dc "$src" >"$dst" ;;
			*) cp "$src" "$dst" ;;
			esac
		fi
		echo "$rel" >>"$R/etc/vm/modules.$name"
	done
}
# shellcheck disable=SC2086 # word lists
{
	add_group boot $BOOT_MODS
	for g in "${!MOD_GROUPS[@]}"; do
		add_group "$g" ${MOD_GROUPS[$g]}
	done
}
depmod -b "$R" "$KVER"

# Debian's daxctl, self-contained (see fetch.sh)
for v in $DEBIAN_DAXCTL; do
	if [ -f "$CACHE/debian-daxctl/$v/.complete" ]; then
		mkdir -p "$R/opt/debian-daxctl"
		cp -a "$CACHE/debian-daxctl/$v" "$R/opt/debian-daxctl/$v"
	fi
done

(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$TMP/base.cpio"
mv "$TMP/base.cpio" "$OUT"
# older images of this kernel are stale now
find "$CACHE/image" -maxdepth 1 -name "base-$KVER-*.cpio" ! -name "${OUT##*/}" \
	-mmin +60 -delete 2>/dev/null || true
echo "$OUT"
