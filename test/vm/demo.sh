#!/bin/bash
# The main job: manage device-DAX memory with our daxctl.
# On a host with dax devices: build, then show them (read-only: `daxctl list`).
# On a host without (the usual case): boot Debian's 6.12 kernel in QEMU with
# emulated soft-reserved memory and run a real reconfigure session with
# memmap_on_memory and the memory accounting that proves where the memmap went.
# Installs what it needs (Debian packages; root). Env: DAXCTL_VM_CACHE.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
bash test/build.sh build

if [ -n "$(ls /sys/bus/dax/devices 2>/dev/null)" ] && [ "${DEMO_VM:-0}" != 1 ]; then
	echo "This host has dax devices; showing them (set DEMO_VM=1 for the VM demo)."
	exec build/daxctl/daxctl list -RDMu
fi
echo "No dax devices on this host: running the demo in a VM (TCG, ~30 s)."
bash test/vm/fetch.sh
bash test/vm/run.sh --topology hmem-mom --build build test/vm/demo/guest.sh
