#!/bin/bash
# Populate the VM cache: guest kernels (6.12 from bookworm-backports, 6.1 from
# bookworm, 7.3 from trixie-backports), static busybox, Debian's daxctl (76.1,
# 81 and sid's 85, with ndctl, cxl and the libdaxctl header) as self-contained
# directories, and a QEMU new enough for CXL type-3 volatile memory.
#
# Packages are downloaded and unpacked, never installed, except QEMU and
# missing host build tools.  A warm cache costs no downloads.
#
# Usage: test/vm/fetch.sh [-v] [--no-qemu] [--kernels] [--daxctl]
#   with no selection flags everything is fetched.
# Env:  DAXCTL_VM_CACHE   cache dir (default /var/cache/daxctl-vm)
#       DAXCTL_VM_MIRROR  Debian mirror URI (default: from host apt config)
#       DAXCTL_VM_KVER    explicit 6.12 kernel version (e.g. 6.12.95+deb12-amd64)
#       DAXCTL_VM_KVER73  explicit 7.x kernel version (e.g. 7.3.4+deb13-amd64)
set -euo pipefail

CACHE=${DAXCTL_VM_CACHE:-/var/cache/daxctl-vm}
VERBOSE=0
WANT_QEMU=1
WANT_KERNELS=0
WANT_DAXCTL=0

log() { if [ "$VERBOSE" = 1 ]; then echo "fetch: $*" >&2; fi; }
die() { echo "fetch: error: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case $1 in
	-v) VERBOSE=1 ;;
	--no-qemu) WANT_QEMU=0 ;;
	--kernels) WANT_KERNELS=1 ;;
	--daxctl) WANT_DAXCTL=1 ;;
	-h|--help) sed -n '2,15p' "$0"; exit 0 ;;
	*) die "unknown option $1" ;;
	esac
	shift
done
if [ "$WANT_KERNELS" = 0 ] && [ "$WANT_DAXCTL" = 0 ]; then
	WANT_KERNELS=1
	WANT_DAXCTL=1
fi

[ "$(id -u)" = 0 ] || die "must run as root (apt, dpkg -x ownership)"

# --- mirror --------------------------------------------------------------

# First URIs: of a deb822 .sources file, else the first deb line of a
# one-line list; the security archive never counts.
find_mirror() {
	local f uri
	if [ -n "${DAXCTL_VM_MIRROR:-}" ]; then
		echo "$DAXCTL_VM_MIRROR"
		return
	fi
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		uri=$(awk 'tolower($1) == "uris:" {
			for (i = 2; i <= NF; i++) if ($i !~ /-security/) { print $i; exit } }' "$f")
		if [ -n "$uri" ]; then
			echo "$uri"
			return
		fi
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		# skip "[options]" blocks in the one-line format
		uri=$(sed -e 's/\[[^]]*\]//' "$f" |
			awk '$1 == "deb" && $2 !~ /-security/ && !f { print $2; f = 1 }')
		if [ -n "$uri" ]; then
			echo "$uri"
			return
		fi
	done
	die "no Debian mirror found in /etc/apt (set DAXCTL_VM_MIRROR)"
}

# --- private apt view ----------------------------------------------------

APT_DIR=$CACHE/apt
SOURCES=$APT_DIR/sources.list
APT_OPTS=()

apt_view() {
	local mirror new
	mirror=$(find_mirror)
	mkdir -p "$APT_DIR/lists/partial" "$CACHE/debs"
	chown _apt "$APT_DIR/lists/partial" "$CACHE/debs" 2>/dev/null || true
	new=$(printf 'deb %s %s main\n' "$mirror" bookworm-backports "$mirror" trixie \
		"$mirror" trixie-backports "$mirror" sid)
	if [ ! -f "$SOURCES" ] || [ "$(cat "$SOURCES")" != "$new" ]; then
		printf '%s\n' "$new" >"$SOURCES"
		rm -f "$APT_DIR/updated"
	fi
	# Keeps trixie, trixie-backports and sid from replacing host packages on install.
	printf 'Package: *\nPin: release n=%s\nPin-Priority: -10\n\n' trixie trixie-backports sid \
		>"$APT_DIR/no-trixie.pref"
	APT_OPTS=(-o "Dir::Etc::sourcelist=$SOURCES"
		-o "Dir::State::Lists=$APT_DIR/lists"
		-o "Dir::Cache::pkgcache=$APT_DIR/pkgcache.bin"
		-o "Dir::Cache::srcpkgcache=$APT_DIR/srcpkgcache.bin"
		-o "APT::Default-Release=bookworm")
	if [ -z "$(find "$APT_DIR/updated" -mmin -60 2>/dev/null)" ]; then
		log "apt-get update (private view, mirror $mirror)"
		apt-get "${APT_OPTS[@]}" -q update >"$APT_DIR/update.log" 2>&1 ||
			{ cat "$APT_DIR/update.log" >&2; die "apt-get update failed"; }
		touch "$APT_DIR/updated"
	fi
}

# Download one package (name or name/suite) into $CACHE/debs, print the path.
download() {
	local spec=$1 name ver deb
	name=${spec%%/*}
	ver=$(apt-cache "${APT_OPTS[@]}" show "$spec" 2>/dev/null |
		awk '/^Version:/ && !f { print $2; f = 1 }')
	[ -n "$ver" ] || die "package $spec not found in the private apt view"
	# dpkg file names encode ':' as %3a
	deb=$(find "$CACHE/debs" -maxdepth 1 -name "${name}_${ver/:/%3a}_*.deb" | head -n1)
	if [ -z "$deb" ]; then
		log "download $name=$ver"
		(cd "$CACHE/debs" && apt-get "${APT_OPTS[@]}" -q download "$name=$ver" \
			>>"$APT_DIR/download.log" 2>&1) || die "apt-get download $name=$ver failed"
		deb=$(find "$CACHE/debs" -maxdepth 1 -name "${name}_${ver/:/%3a}_*.deb" | head -n1)
		[ -n "$deb" ] || die "download of $name=$ver left no .deb"
	fi
	echo "$deb"
}

# Kernel version named by the linux-image-amd64 metapackage of a suite.
meta_kver() {
	apt-cache "${APT_OPTS[@]}" show "linux-image-amd64/$1" 2>/dev/null |
		awk '/^Depends:/ && !f { if (match($0, /linux-image-[^ ,]*/)) {
			print substr($0, RSTART + 12, RLENGTH - 12); f = 1 } }'
}

# --- host tools ----------------------------------------------------------

host_tools() {
	local missing=() t
	for t in depmod:kmod cpio:cpio xz:xz-utils timeout:coreutils readelf:binutils \
		cc:gcc; do
		command -v "${t%%:*}" >/dev/null 2>&1 || missing+=("${t#*:}")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		log "installing host tools: ${missing[*]}"
		apt-get "${APT_OPTS[@]}" -q -y install --no-install-recommends "${missing[@]}" \
			>>"$APT_DIR/install.log" 2>&1 || die "cannot install ${missing[*]}"
	fi
	# the errno probe is linked statically
	if ! dpkg -s libc6-dev >/dev/null 2>&1; then
		apt-get "${APT_OPTS[@]}" -q -y install --no-install-recommends libc6-dev \
			>>"$APT_DIR/install.log" 2>&1 || die "cannot install libc6-dev"
	fi
}

qemu_major() {
	local v
	v=$(qemu-system-x86_64 --version 2>/dev/null | awk 'NR == 1 { print $4 }')
	echo "${v%%.*}"
}

ensure_qemu() {
	local major
	major=$(qemu_major)
	if [ -z "$major" ] || [ "$major" -lt 8 ]; then
		log "installing qemu-system-x86 from bookworm-backports (host has ${major:-none})"
		DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" \
			-o "Dir::Etc::preferences=$APT_DIR/no-trixie.pref" -q -y \
			install --no-install-recommends -t bookworm-backports qemu-system-x86 \
			>>"$APT_DIR/install.log" 2>&1 ||
			{ tail -n 20 "$APT_DIR/install.log" >&2; die "QEMU install failed"; }
		major=$(qemu_major)
		if [ -z "$major" ] || [ "$major" -lt 8 ]; then
			die "QEMU still older than 8 after install"
		fi
	fi
}

# --- kernels -------------------------------------------------------------

# Unpack linux-image-$kver into $CACHE/kernel/$kver and point
# $CACHE/kernel-$alias at it.
kernel() {
	local alias=$1 kver=$2 dir deb tmp
	dir=$CACHE/kernel/$kver
	if [ ! -f "$dir/.complete" ]; then
		deb=$(download "linux-image-$kver")
		log "unpack $kver"
		tmp=$(mktemp -d "$CACHE/kernel/.tmp.XXXXXX")
		dpkg -x "$deb" "$tmp"
		[ -f "$tmp/boot/vmlinuz-$kver" ] || die "$deb has no boot/vmlinuz-$kver"
		depmod -b "$tmp" "$kver"
		touch "$tmp/.complete"
		rm -rf "$dir"
		mv "$tmp" "$dir"
		rm -f "$deb"
	fi
	ln -sfn "kernel/$kver" "$CACHE/.kernel-$alias.tmp"
	mv -T "$CACHE/.kernel-$alias.tmp" "$CACHE/kernel-$alias"
}

# Trixie and later split the kernel: linux-binary-* holds only
# usr/lib/modules/KVER/vmlinuz, linux-modules-* the modules and linux-base-*
# config, System.map and modules.builtin*/order.  Unpack the three into the
# layout the older packages have (boot/vmlinuz-KVER, lib/modules/KVER).
kernel_split() {
	local alias=$1 kver=$2 dir p deb tmp
	dir=$CACHE/kernel/$kver
	if [ ! -f "$dir/.complete" ]; then
		tmp=$(mktemp -d "$CACHE/kernel/.tmp.XXXXXX")
		for p in binary modules base; do
			deb=$(download "linux-$p-$kver")
			log "unpack linux-$p-$kver"
			dpkg -x "$deb" "$tmp"
		done
		if [ -d "$tmp/usr/lib/modules/$kver" ]; then
			mkdir -p "$tmp/lib/modules"
			mv "$tmp/usr/lib/modules/$kver" "$tmp/lib/modules/$kver"
		fi
		[ -f "$tmp/lib/modules/$kver/vmlinuz" ] || die "linux-binary-$kver has no vmlinuz"
		mkdir -p "$tmp/boot"
		mv "$tmp/lib/modules/$kver/vmlinuz" "$tmp/boot/vmlinuz-$kver"
		[ -d "$tmp/lib/modules/$kver/kernel" ] || die "linux-modules-$kver has no modules"
		depmod -b "$tmp" "$kver"
		touch "$tmp/.complete"
		rm -rf "$dir"
		mv "$tmp" "$dir"
		for p in binary modules base; do
			rm -f "$CACHE/debs/linux-$p-${kver}_"*.deb
		done
	fi
	ln -sfn "kernel/$kver" "$CACHE/.kernel-$alias.tmp"
	mv -T "$CACHE/.kernel-$alias.tmp" "$CACHE/kernel-$alias"
}

kernels() {
	local kver
	mkdir -p "$CACHE/kernel"
	kver=${DAXCTL_VM_KVER:-$(meta_kver bookworm-backports)}
	[ -n "$kver" ] || die "cannot resolve linux-image-amd64/bookworm-backports"
	kernel 6.12 "$kver"
	kver=$(meta_kver bookworm)
	[ -n "$kver" ] || die "cannot resolve linux-image-amd64/bookworm"
	kernel 6.1 "$kver"
	# Linux 7.3: the kmem whole-device "state" attribute and fsdev_dax
	kver=${DAXCTL_VM_KVER73:-$(meta_kver trixie-backports)}
	[ -n "$kver" ] || die "cannot resolve linux-image-amd64/trixie-backports"
	case $kver in 7.*) ;; *) die "trixie-backports kernel $kver is not 7.x" ;; esac
	kernel_split 7.3 "$kver"
}

busybox() {
	local deb tmp
	[ -x "$CACHE/busybox/bin/busybox" ] && return 0
	deb=$(download busybox-static/bookworm)
	tmp=$(mktemp -d "$CACHE/.bb.XXXXXX")
	dpkg -x "$deb" "$tmp"
	[ -x "$tmp/bin/busybox" ] || die "busybox-static has no bin/busybox"
	rm -rf "$CACHE/busybox"
	mv "$tmp" "$CACHE/busybox"
}

# --- Debian daxctl -------------------------------------------------------

DAXCTL_PKGS="daxctl ndctl cxl libdaxctl1 libdaxctl-dev libndctl6 libcxl1 libc6 libuuid1 libjson-c5
libkmod2 libudev1 libzstd1 liblzma5 zlib1g libkeyutils1 libcap2 libgcc-s1
libtraceevent1 libtracefs1 libiniparser1 libiniparser4 libssl3 libssl3t64"

# Find a library by soname inside a sysroot.
find_lib() {
	local root=$1 name=$2 d
	for d in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu lib usr/lib lib64; do
		if [ -e "$root/$d/$name" ]; then
			echo "$root/$d/$name"
			return 0
		fi
	done
	return 1
}

needed() {
	readelf -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
}

# Copy the NEEDED closure of $2 (inside sysroot $1) into $3.
copy_closure() {
	local root=$1 elf=$2 out=$3 queue=() seen=" " n f
	mapfile -t queue < <(needed "$elf")
	while [ ${#queue[@]} -gt 0 ]; do
		n=${queue[0]}
		queue=("${queue[@]:1}")
		case $seen in *" $n "*) continue ;; esac
		seen="$seen$n "
		f=$(find_lib "$root" "$n") || die "closure: $n not found in $root"
		cp -L "$f" "$out/$n"
		mapfile -t -O "${#queue[@]}" queue < <(needed "$f")
	done
}

# A one-line wrapper: tool $2 through its own release's loader and libraries.
wrap_tool() {
	local dir=$1 t=$2
	{
		echo '#!/bin/sh'
		echo "# Debian's $t run through its own release's loader and libraries."
		echo 'd=$(cd "$(dirname "$0")/.." && pwd)'
		echo "exec \"\$d/lib/ld-linux-x86-64.so.2\" --library-path \"\$d/lib\" --argv0 $t \\"
		echo "	\"\$d/bin/$t.real\" \"\$@\""
	} >"$dir/$t"
	chmod 755 "$dir/$t"
}

debian_daxctl() {
	local suite=$1 pkgs=() p deb ver tmp out wrap
	ver=$(apt-cache "${APT_OPTS[@]}" show "daxctl/$suite" 2>/dev/null |
		awk '/^Version:/ && !f { print $2; f = 1 }')
	[ -n "$ver" ] || die "daxctl not found in $suite"
	ver=${ver#*:}
	ver=${ver%-*}
	out=$CACHE/debian-daxctl/$ver
	[ -f "$out/.complete" ] && { echo "$ver"; return 0; }
	for p in $DAXCTL_PKGS; do
		# names differ between releases: keep what the suite has
		if apt-cache "${APT_OPTS[@]}" madison "$p" 2>/dev/null |
			awk -F'|' -v s="$suite" '$3 ~ (" " s "/")' | grep -q .; then
			pkgs+=("$p")
		fi
	done
	tmp=$(mktemp -d "$CACHE/debian-daxctl/.tmp.XXXXXX")
	mkdir -p "$tmp/root" "$tmp/out/bin" "$tmp/out/lib"
	for p in "${pkgs[@]}"; do
		deb=$(download "$p/$suite")
		dpkg -x "$deb" "$tmp/root"
	done
	for p in daxctl ndctl cxl; do
		[ -f "$tmp/root/usr/bin/$p" ] || continue
		cp "$tmp/root/usr/bin/$p" "$tmp/out/bin/$p.real"
		copy_closure "$tmp/root" "$tmp/out/bin/$p.real" "$tmp/out/lib"
		wrap_tool "$tmp/out/bin" "$p"
	done
	cp -L "$(find_lib "$tmp/root" ld-linux-x86-64.so.2)" "$tmp/out/lib/"
	# the release's public header, for the ABI check (test/abi-check.sh)
	if [ -f "$tmp/root/usr/include/daxctl/libdaxctl.h" ]; then
		mkdir -p "$tmp/out/include/daxctl"
		cp "$tmp/root/usr/include/daxctl/libdaxctl.h" "$tmp/out/include/daxctl/"
	fi
	echo "$suite $ver" >"$tmp/out/.source"
	touch "$tmp/out/.complete"
	rm -rf "$out"
	mv "$tmp/out" "$out"
	rm -rf "$tmp"
	echo "$ver"
}

# --- main ----------------------------------------------------------------

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

apt_view
host_tools
[ "$WANT_QEMU" = 1 ] && ensure_qemu
if [ "$WANT_KERNELS" = 1 ]; then
	kernels
	busybox
fi
if [ "$WANT_DAXCTL" = 1 ]; then
	mkdir -p "$CACHE/debian-daxctl"
	v=$(debian_daxctl bookworm)
	log "debian daxctl (bookworm) $v"
	v=$(debian_daxctl trixie)
	log "debian daxctl (trixie) $v"
	v=$(debian_daxctl sid)
	log "debian daxctl (sid) $v"
fi
log "cache ready: $CACHE"
