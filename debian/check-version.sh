#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The newest debian/changelog entry must package the version meson.build
# declares: 1:<meson version>-<revision>.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
want=$(sed -n "s/^[[:space:]]*version: *'\([^']*\)'.*/\1/p" "$top/meson.build" | head -n1)
got=$(sed -n 's/^daxctl (\([^)]*\)).*/\1/p' "$top/debian/changelog" | head -n1)
up=${got#1:}
up=${up%-*}
if [ -z "$want" ] || [ "$got" = "$up" ] || [ "$up" != "$want" ] || [ "${got%%:*}" != 1 ]; then
	echo "check-version: debian/changelog packages $got, meson.build says $want: add an entry 1:$want-1 (dch -v 1:$want-1)" >&2
	exit 1
fi
echo "check-version: debian/changelog $got packages meson.build $want"
