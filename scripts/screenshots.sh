#!/usr/bin/env bash
# Takes the GUI screenshots used in the docs: runs modembench on the simulated SIM7000G under a
# private X server (xvfb-run), lets it connect, read the modem info and run a few console commands,
# and saves the window as PNG (modembench's hidden --screenshot option grabs the window itself).
#
#   scripts/screenshots.sh [BUILD_DIR] [OUT_DIR]     defaults: build, BUILD_DIR
#
# Settings go to a throwaway folder so the shots never depend on (or change) the user's history.
set -euo pipefail

build_dir=${1:-build}
out_dir=${2:-$build_dir}
app="$build_dir/bin/modembench"
if [[ ! -x "$app" ]]; then
  echo "screenshots.sh: $app not found; build the modembench target first" >&2
  exit 1
fi
command -v xvfb-run >/dev/null || { echo "screenshots.sh: xvfb-run is missing (apt-get install xvfb xauth)" >&2; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 0700 "$scratch/runtime"
export XDG_RUNTIME_DIR="$scratch/runtime"
export XDG_CONFIG_HOME="$scratch/config"
mkdir -p "$out_dir"

# shot PNG PORT [settings lines...]: one run with its own fresh settings.
shot() {
  local png=$1 port=$2
  shift 2
  rm -rf "$XDG_CONFIG_HOME"
  mkdir -p "$XDG_CONFIG_HOME/ModemBench"
  printf '%s\n' "$@" > "$XDG_CONFIG_HOME/ModemBench/modembench.conf"
  local status=0
  xvfb-run -a -s "-screen 0 1400x900x24" "$app" --port "$port" --screenshot "$png" || status=$?
  # 2 = the window was captured but the session did not get through (expected for a bad port).
  if [[ $status -ne 0 && $status -ne 2 ]]; then
    echo "screenshots.sh: modembench failed ($status) for $png" >&2
    exit 1
  fi
  echo "wrote $png"
}

# The signal timeline (issue #4): two minutes of monitoring with ping on a simulated SIM7000G whose
# network drops registration once (resources/scenarios/registration-drop.json); the shot shows the
# drop as an event with the signal and ping curves around it. Takes a little over two minutes.
timeline_shot() {
  local png=$1 scenario
  scenario=$(cd "$(dirname "$0")/.." && pwd)/resources/scenarios/registration-drop.json
  rm -rf "$XDG_CONFIG_HOME"
  mkdir -p "$XDG_CONFIG_HOME/ModemBench"
  xvfb-run -a -s "-screen 0 1600x1000x24" "$app" --port "sim:sim7000g?scenario=$scenario" --screenshot "$png" \
    --screenshot-view timeline --screenshot-after-ms "${MODEMBENCH_TIMELINE_MS:-120000}" \
    || { echo "screenshots.sh: modembench failed for $png" >&2; exit 1; }
  echo "wrote $png"
}

shot "$out_dir/shot-console.png" sim:sim7000g
shot "$out_dir/shot-hex.png" sim:sim7000g "[console]" "hex=true"
shot "$out_dir/shot-port-error.png" /dev/ttyUSB-modembench-missing
timeline_shot "$out_dir/shot-timeline.png"

# The dashboard and each network wizard page (issue #3): tst_networkwizard drives them on the
# simulators and, with MODEMBENCH_SCREENSHOT_DIR set, saves each stage; here it runs on xcb.
wizard_test="$build_dir/bin/tst_networkwizard"
if [[ -x "$wizard_test" ]]; then
  rm -rf "$XDG_CONFIG_HOME"
  MODEMBENCH_SCREENSHOT_DIR="$out_dir" QT_QPA_PLATFORM=xcb \
    xvfb-run -a -s "-screen 0 1400x900x24" "$wizard_test" >"$scratch/wizard.log" 2>&1 \
    || { cat "$scratch/wizard.log" >&2; echo "screenshots.sh: tst_networkwizard failed" >&2; exit 1; }
  for png in "$out_dir"/shot-dashboard*.png "$out_dir"/shot-wizard-*.png; do
    echo "wrote $png"
  done
else
  echo "screenshots.sh: $wizard_test not found; build tst_networkwizard for the dashboard and wizard shots" >&2
fi

# The certificate wizard pages and the CA browser (issue #5): tst_certificates creates a CA, issues
# a server certificate for localhost and a device certificate for the simulated SIM7000G's IMEI,
# revokes it in the browser and, with MODEMBENCH_SCREENSHOT_DIR set, saves each stage; on xcb here.
cert_test="$build_dir/bin/tst_certificates"
if [[ -x "$cert_test" ]]; then
  rm -rf "$XDG_CONFIG_HOME"
  MODEMBENCH_SCREENSHOT_DIR="$out_dir" QT_QPA_PLATFORM=xcb \
    xvfb-run -a -s "-screen 0 1400x900x24" "$cert_test" >"$scratch/certificates.log" 2>&1 \
    || { cat "$scratch/certificates.log" >&2; echo "screenshots.sh: tst_certificates failed" >&2; exit 1; }
  for png in "$out_dir"/shot-certwizard-*.png "$out_dir"/shot-cabrowser*.png; do
    echo "wrote $png"
  done
else
  echo "screenshots.sh: $cert_test not found; build tst_certificates for the certificate wizard and CA browser shots" >&2
fi

# The TLS wizard pages and the modem files dialog (issue #6): tst_tlswizard installs a CA in a
# simulated SIM7000G, tests a real TLS connection to `openssl s_server` (and one with an unrelated
# CA that fails with result 27 and the doctor's findings) and, with MODEMBENCH_SCREENSHOT_DIR set,
# saves each stage; on xcb here.
tls_test="$build_dir/bin/tst_tlswizard"
if [[ -x "$tls_test" ]]; then
  rm -rf "$XDG_CONFIG_HOME"
  MODEMBENCH_SCREENSHOT_DIR="$out_dir" QT_QPA_PLATFORM=xcb \
    xvfb-run -a -s "-screen 0 1400x900x24" "$tls_test" >"$scratch/tlswizard.log" 2>&1 \
    || { cat "$scratch/tlswizard.log" >&2; echo "screenshots.sh: tst_tlswizard failed" >&2; exit 1; }
  for png in "$out_dir"/shot-tlswizard-*.png "$out_dir"/shot-modemfiles*.png; do
    echo "wrote $png"
  done
else
  echo "screenshots.sh: $tls_test not found; build tst_tlswizard for the TLS wizard and modem files shots" >&2
fi

# The provisioning station (issue #7): tst_stationview provisions six simulated SIM7000Gs, one
# without a SIM and one with a slow line together and, with MODEMBENCH_SCREENSHOT_DIR set, saves
# the view in the middle of the run (some PASS, the no-SIM one FAIL, the slow one RUNNING) and at
# the end; tst_scriptrun saves the console's Run Script panel after two passing loops. On xcb here.
for station_test in tst_stationview tst_scriptrun; do
  test_bin="$build_dir/bin/$station_test"
  if [[ -x "$test_bin" ]]; then
    rm -rf "$XDG_CONFIG_HOME"
    MODEMBENCH_SCREENSHOT_DIR="$out_dir" QT_QPA_PLATFORM=xcb \
      xvfb-run -a -s "-screen 0 1600x1000x24" "$test_bin" >"$scratch/$station_test.log" 2>&1 \
      || { cat "$scratch/$station_test.log" >&2; echo "screenshots.sh: $station_test failed" >&2; exit 1; }
  else
    echo "screenshots.sh: $test_bin not found; build $station_test for the station and script shots" >&2
  fi
done
for png in "$out_dir"/shot-station-*.png "$out_dir"/shot-scriptrun.png; do
  if [[ -e "$png" ]]; then echo "wrote $png"; fi
done
