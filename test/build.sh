#!/bin/bash
# Install the build dependencies, then configure (or reconfigure) and build
# one meson build directory of this tree.
# usage: test/build.sh [DIR [MESON-OPTION...]]   (DIR defaults to build)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash test/deps.sh
dir=${1:-build}
shift || true
if [ -d "$dir" ]; then
	meson setup --reconfigure "$dir" "$@" >/dev/null
else
	meson setup "$dir" "$@" >/dev/null
fi
ninja -C "$dir" >/dev/null
