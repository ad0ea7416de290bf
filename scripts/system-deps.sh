#!/usr/bin/env bash
# Installs the Debian packages the station and its tests use, if any is missing:
#   chromium (browser host UI and UI tests), socat (pseudo-terminal pairs for serial tests),
#   poppler-utils (pdftoppm: EKG report rendering), zbar-tools (zbarimg: label barcode checks),
#   sqlite3 (audit tamper tests), udev (USB/serial device discovery on a real station).
set -euo pipefail
need=()
for pair in chromium:/usr/bin/chromium socat:/usr/bin/socat poppler-utils:/usr/bin/pdftoppm zbar-tools:/usr/bin/zbarimg sqlite3:/usr/bin/sqlite3 udev:/usr/bin/udevadm; do
  pkg=${pair%%:*}; bin=${pair#*:}
  [ -x "$bin" ] || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
