#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the Debian packages from a clean copy of this tree, as a packager
# would (dpkg-buildpackage -b -us -uc), and run lintian on them: errors
# fail. Installs the build dependencies (root) when they are missing.
# usage: test/deb.sh [OUTDIR]   (OUTDIR keeps the .debs; default: a temp dir)
#        test/deb.sh --ensure OUTDIR   (build only if OUTDIR's .debs are not
#                                       from the tree as it is now)
# Ends with "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

# The tracked and the new (not ignored) files: what a packager would get.
tree_files() {
	git -C "$top" ls-files -z -co --exclude-standard | while IFS= read -r -d '' f; do
		[ -e "$top/$f" ] && printf '%s\0' "$f"
	done
}
tree_hash() {
	(cd "$top" && tree_files | xargs -0 sha256sum | sha256sum | cut -c1-16)
}


if [ "${1:-}" = --ensure ]; then

	shift
	out=${1:?usage: test/deb.sh --ensure OUTDIR}
	if [ "$(cat "$out/.tree-hash" 2>/dev/null)" = "$(tree_hash)" ]; then
		exit 0
	fi
	echo "deb: building the .debs into $out" >&2
fi
out=${1:-}
pass=0 fail=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
nok() { echo "not ok - $*"; fail=$((fail + 1)); }
finish() { echo "$pass passed, $fail failed"; [ "$fail" = 0 ]; exit; }

tmp=$(mktemp -d /tmp/daxctl-deb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

need=(dpkg-dev debhelper lintian fakeroot)
missing=()
for p in "${need[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
cd "$top" || exit 1
bdeps=$(dpkg-checkbuilddeps 2>&1 | sed -n 's/.*Unmet build dependencies: //p')
if [ ${#missing[@]} -gt 0 ] || [ -n "$bdeps" ]; then
	[ "$(id -u)" = 0 ] || { nok "build dependencies missing (${missing[*]} $bdeps): run as root"; finish; }
	echo "deb: installing ${missing[*]} $bdeps" >&2
	flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive apt-get satisfy -y -qq \
		--no-install-recommends "${missing[@]}" ${bdeps:+"$bdeps"} >"$tmp/apt.log" 2>&1 ||
		{ cat "$tmp/apt.log"; nok "install build dependencies"; finish; }
fi

src=$tmp/daxctl
mkdir "$src"
hash=$(tree_hash)
tree_files | cpio -0 -pdm --quiet "$src"

if (cd "$src" && dpkg-buildpackage -b -us -uc) >"$tmp/build.log" 2>&1; then
	ok "dpkg-buildpackage -b -us -uc"
else
	tail -n 40 "$tmp/build.log"
	nok "dpkg-buildpackage -b -us -uc (log above)"
	finish
fi
changes=$(ls "$tmp"/daxctl_*.changes)
for p in daxctl libdaxctl1 libdaxctl-dev; do
	if ls "$tmp/${p}_"*.deb >/dev/null 2>&1; then ok "built $p"; else nok "built $p"; fi
done
grep -E 'warning: |dpkg-gensymbols' "$tmp/build.log" | grep -v 'dpkg-buildpackage: warning: using a gain-root' || true

lintian --fail-on error --display-level '>=warning' "$changes" >"$tmp/lintian.log" 2>&1
rc=$?
cat "$tmp/lintian.log"
if [ "$rc" = 0 ]; then
	ok "lintian: no errors ($(grep -c '^W: ' "$tmp/lintian.log") warnings)"
else
	nok "lintian: $(grep -c '^E: ' "$tmp/lintian.log") errors"
fi

# What the packages hold and need, for the record.
for d in "$tmp"/*.deb; do
	echo "# $(dpkg-deb -f "$d" Package) $(dpkg-deb -f "$d" Version): Depends: $(dpkg-deb -f "$d" Depends)"
done
files=$(dpkg-deb -c "$tmp"/daxctl_*.deb)
for f in lib/systemd/system/daxdev-reconfigure@.service \
	lib/udev/rules.d/90-daxctl-device.rules; do
	if grep -q "$f\$" <<<"$files"; then ok "daxctl ships /$f"; else nok "daxctl ships /$f"; fi
done
if dpkg-deb -f "$tmp"/libdaxctl1_*.deb Depends | grep -q 'libkmod2'; then
	ok "libdaxctl1 depends on libkmod2 (dlopen()ed)"
else
	nok "libdaxctl1 depends on libkmod2 (dlopen()ed)"
fi
if [ -n "$out" ]; then
	mkdir -p "$out" && rm -f "$out"/*.deb "$out"/*.changes "$out/.tree-hash" &&
		cp "$tmp"/*.deb "$changes" "$out"/ && echo "$hash" >"$out/.tree-hash" &&
		echo "# debs in $out"
fi
finish
