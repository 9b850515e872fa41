#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build (or reuse) an initramfs holding a real Debian 12 userspace (systemd,
# udev, kmod, Debian's ndctl and cxl 76.1) with OUR .debs installed by dpkg,
# for one guest kernel, and print its path. PID 1 is systemd; the test
# script runs from vm-test.service and reports on ttyS1/ttyS2 like the
# busybox image (debian/vm-test).
#   usage: test/vm/debroot.sh KERNEL DEBDIR
# The Debian rootfs (mmdebstrap, bookworm minbase, network needed only for
# this step) is cached in $CACHE/debroot keyed by a hash of its inputs; the
# image is cached in $CACHE/image keyed by that, the kernel, these scripts
# and the .debs.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${DAXCTL_VM_CACHE:-/var/cache/daxctl-vm}
K=${1:?kernel}
DEBS=${2:?directory with daxctl, libdaxctl1 and libdaxctl-dev .debs}

die() { echo "debroot: error: $*" >&2; exit 1; }

KDIR=$(readlink -f "$CACHE/kernel-$K")
[ -f "$KDIR/.complete" ] || die "kernel $K not in $CACHE (run test/vm/fetch.sh)"
KVER=$(basename "$KDIR")
ours=$(ls "$DEBS"/daxctl_*.deb "$DEBS"/libdaxctl1_*.deb 2>/dev/null) ||
	die "no daxctl/libdaxctl1 .deb in $DEBS"

mirror=${DAXCTL_VM_MIRROR:-}
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' "$CACHE/apt/sources.list" 2>/dev/null || true)
[ -n "$mirror" ] || die "no mirror (run test/vm/fetch.sh or set DAXCTL_VM_MIRROR)"

PKGS=systemd,systemd-sysv,udev,kmod,jq,ndctl,libiniparser1,libjson-c5,libuuid1

# --- the Debian rootfs, from Debian's packages only ----------------------
# Keyed by what goes into it (not by this script: editing the image part
# below must not cost a new mmdebstrap).
MMOPTS=(--quiet --format=tar --variant=minbase --include="$PKGS"
	--dpkgopt='path-exclude=/usr/share/man/*'
	--dpkgopt='path-exclude=/usr/share/locale/*'
	--dpkgopt='path-exclude=/usr/share/doc/*'
	--dpkgopt='path-exclude=/usr/share/info/*'
	--aptopt='Acquire::Languages "none"'
	--customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin')
rhash=$( { printf '%s\n' "${MMOPTS[@]}" "$mirror"; mmdebstrap --version; } |
	sha256sum | cut -c1-16)
ROOTTAR=$CACHE/debroot/bookworm-$rhash.tar
if [ ! -f "$ROOTTAR" ]; then
	command -v mmdebstrap >/dev/null ||
		flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends mmdebstrap >&2
	mkdir -p "$CACHE/debroot"
	echo "debroot: mmdebstrap bookworm ($PKGS) from $mirror" >&2
	mmdebstrap "${MMOPTS[@]}" bookworm "$ROOTTAR.tmp" "$mirror" >&2 ||
		{ rm -f "$ROOTTAR.tmp"; die "mmdebstrap failed"; }
	mv "$ROOTTAR.tmp" "$ROOTTAR"
fi

# --- the image: rootfs + kernel modules + our .debs + the test hookup -----
inputs() {
	echo "$rhash $KVER"
	cat "$CACHE/debian-daxctl/85/.source" 2>/dev/null || echo "no 85"
	# shellcheck disable=SC2046,SC2086 # file lists
	sha256sum "$0" $(find "$HERE/debian" -maxdepth 1 -type f | LC_ALL=C sort) "$HERE/guest/wr.c" $ours | cut -d' ' -f1
}
HASH=$(inputs | sha256sum | cut -c1-16)
OUT=$CACHE/image/deb-$KVER-$HASH.cpio
if [ -f "$OUT" ]; then
	echo "$OUT"
	exit 0
fi
mkdir -p "$CACHE/image"
TMP=$(mktemp -d "$CACHE/image/.deb.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
R=$TMP/root
mkdir "$R"
tar -C "$R" -xf "$ROOTTAR"

# Debian's kernel modules for dax, CXL, NVDIMM and 9p; udev and
# systemd-modules-load load them.
MODS="dax_hmem device_dax kmem cxl_acpi cxl_pci cxl_mem cxl_pmem cxl_port dax_cxl
	dax_pmem nfit nd_pmem nd_btt libnvdimm fsdev_dax 9p 9pnet_virtio virtio_pci"
MODSRC=$KDIR/lib/modules/$KVER
MODDST=$R/usr/lib/modules/$KVER
mkdir -p "$MODDST"
for f in modules.builtin modules.builtin.modinfo modules.order; do
	[ -f "$MODSRC/$f" ] && cp "$MODSRC/$f" "$MODDST/"
done
for m in $MODS; do
	modprobe -d "$KDIR" -S "$KVER" --show-depends "$m" 2>/dev/null |
		awk '$1 == "insmod" { print $2 }' || true
done | awk '!seen[$0]++' | while read -r src; do
	rel=${src#"$MODSRC"/}
	mkdir -p "$MODDST/$(dirname "$rel")"
	# decompressed: xz in the guest's kmod is slow under TCG
	case $rel in
	*.xz) xz -dc "$src" >"$MODDST/${rel%.xz}" ;;
	*) cp "$src" "$MODDST/$rel" ;;
	esac
done
depmod -b "$R" "$KVER"

# Our packages, installed by dpkg inside the image (they replace Debian's
# libdaxctl1, which Debian's ndctl pulled in).
mkdir -p "$R/tmp/debs"
cp $ours "$R/tmp/debs/"
chroot "$R" sh -c 'dpkg -i /tmp/debs/*.deb' >"$TMP/dpkg.log" 2>&1 ||
	{ cat "$TMP/dpkg.log" >&2; die "dpkg -i of our packages failed in the image"; }
rm -rf "$R/tmp/debs"
# Debian's 85 userspace (sid; glibc 2.41), self-contained (fetch.sh)
if [ -f "$CACHE/debian-daxctl/85/.complete" ]; then
	mkdir -p "$R/opt/debian-daxctl"
	cp -a "$CACHE/debian-daxctl/85" "$R/opt/debian-daxctl/85"
fi
chroot "$R" dpkg-query -W -f='${Package} ${Version} ${Status}\n' >"$R/etc/vm-packages"

# Smaller is faster under TCG (the kernel unpacks the whole archive): drop
# what no test runs (perl beyond perl-base, charset converters, the
# hardware database).
rm -rf "$R/usr/share/perl" "$R/usr/lib/x86_64-linux-gnu/perl" \
	"$R/usr/lib/x86_64-linux-gnu/gconv" "$R/usr/lib/udev/hwdb.bin" \
	"$R/usr/lib/udev/hwdb.d" "$R/usr/share/zoneinfo" "$R/var/cache/apt" \
	"$R/var/cache/debconf"/*-old

# The test hookup (test-only files; the product files come from the .debs)
cc -static -O2 -Wall -Wextra -o "$R/usr/bin/wr" "$HERE/guest/wr.c"
install -m 755 "$HERE/debian/vm-test" "$R/usr/sbin/vm-test"
install -m 644 "$HERE/debian/vm-test.service" "$HERE/debian/vm-cxl-region.service" \
	"$R/etc/systemd/system/"
ln -s /etc/systemd/system/vm-cxl-region.service \
	"$R/etc/systemd/system/multi-user.target.wants/vm-cxl-region.service"
install -m 644 "$HERE/debian/vm-memlog.rules" "$R/etc/udev/rules.d/10-vm-memlog.rules"
install -m 644 "$HERE/debian/modules-load.conf" "$R/etc/modules-load.d/dax.conf"
ln -s /etc/systemd/system/vm-test.service "$R/etc/systemd/system/multi-user.target.wants/vm-test.service"
echo 0123456789abcdef0123456789abcdef >"$R/etc/machine-id"
echo vm >"$R/etc/hostname"
ln -sf /lib/systemd/systemd "$R/init"
# nothing to log in on, no timers, no network
# (ndctl-monitor: Debian's DIMM health monitor exits without DIMMs)
for u in getty@.service serial-getty@.service getty-static.service \
	ndctl-monitor.service apt-daily.timer apt-daily-upgrade.timer \
	e2scrub_all.timer fstrim.timer systemd-timesyncd.service; do
	ln -sf /dev/null "$R/etc/systemd/system/$u"
done
mkdir -p "$R/vm"

(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$TMP/deb.cpio"
mv "$TMP/deb.cpio" "$OUT"
find "$CACHE/image" -maxdepth 1 -name "deb-$KVER-*.cpio" ! -name "${OUT##*/}" \
	-mmin +60 -delete 2>/dev/null || true
echo "$OUT"
