#!/bin/bash
# Install what building and testing daxctl needs on a Debian machine (root).
# clang and its runtimes: the -Werror build with a second compiler and the
# libFuzzer targets (test/fuzz).
# Idempotent: does nothing when everything is already there.
set -euo pipefail

pkgs=(meson ninja-build gcc pkg-config libjson-c-dev libkmod-dev libudev-dev
	uuid-dev libiniparser-dev asciidoctor jq valgrind strace xz-utils cpio
	kmod binutils busybox-static python3 python3-fusepy util-linux man-db
	clang libclang-rt-14-dev)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: need root to install: ${missing[*]}" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	"${missing[@]}" >/dev/null
