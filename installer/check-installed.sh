#!/usr/bin/env bash
# Checks that the jpackage app image (or the installed .deb) starts under Xvfb and loads the bundled
# samples with the 3-D view. Usage: installer/check-installed.sh [path to the launcher]
#   default: target/installer/CrystalGANWorkbench/bin/CrystalGANWorkbench (built by mvn -Pinstaller package)
#   after `sudo dpkg -i target/installer/crystalganworkbench_*.deb`: /opt/crystalganworkbench/bin/CrystalGANWorkbench
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=${1:-target/installer/CrystalGANWorkbench/bin/CrystalGANWorkbench}
[ -x "$launcher" ] || { echo "no launcher at $launcher: build it with mvn -Pinstaller package"; exit 1; }
command -v xvfb-run >/dev/null || { echo "xvfb-run is needed (apt-get install xvfb)"; exit 1; }
out=$(HOME=$(mktemp -d) timeout 120 xvfb-run -a -s "-screen 0 1400x900x24" "$launcher" --self-test=3d 2>&1) || true
echo "$out" | grep -v '^WARNING' | tail -n 3
# the launcher (org.crystalgan.app.Launcher) accepts Mesa's software OpenGL, so the 3-D view must be there under Xvfb
if echo "$out" | grep -q "^self-test: window opened, [1-9][0-9]* structures loaded.*3-D view available"; then
  echo "installed app: OK"
else
  echo "installed app: FAILED"
  exit 1
fi
