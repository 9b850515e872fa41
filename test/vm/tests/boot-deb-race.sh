# topology: deb-race
# SPDX-License-Identifier: GPL-2.0-only
# A real Debian 12 boot (systemd, udev) with our .debs: see test/vm/debian/overlay-deb-race/usr/share/vm-checks/deb.sh
. /vm/lib.sh
. /usr/share/vm-checks/common.sh
. /usr/share/vm-checks/deb.sh
