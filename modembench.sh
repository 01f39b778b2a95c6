#!/usr/bin/env bash
# The two README commands on a fresh Debian 12 machine:
#   ./modembench.sh run    install what is missing, build, start the GUI on the simulated SIM7000G
#   ./modembench.sh test   install what is missing, build (warnings are errors), run the whole suite,
#                          then the core tests under ASan+UBSan and a 60 s libFuzzer smoke per target
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="${MODEMBENCH_BUILD_DIR:-$ROOT/build}"
JOBS="${MODEMBENCH_JOBS:-$(nproc)}"
FUZZ_SECONDS="${MODEMBENCH_FUZZ_SECONDS:-60}"

PACKAGES=(cmake ninja-build g++ pkg-config
          qt6-base-dev qt6-base-dev-tools qt6-serialport-dev qt6-charts-dev
          libqt6sql6-sqlite libqt6sql6-psql libssl-dev libgl-dev libxkbcommon-dev
          qtkeychain-qt6-dev)
TEST_PACKAGES=(xvfb xauth clang-19 libclang-rt-19-dev openssl postgresql)

log() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_missing() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "Installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

private_runtime_dir() {
  # Qt warns without XDG_RUNTIME_DIR (root has none); a private 0700 folder keeps logs clean.
  if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -w "${XDG_RUNTIME_DIR:-/nonexistent}" ]; then
    export XDG_RUNTIME_DIR="$BUILD/runtime"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  fi
}

build() { # build DIR [cmake options...]
  local dir="$1"; shift
  cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$JOBS"
}

run_gui() {
  install_missing "${PACKAGES[@]}"
  log "Building"
  build "$BUILD"
  private_runtime_dir
  log "Starting ModemBench on the simulated SIM7000G"
  exec "$BUILD/bin/modembench" --port sim:sim7000g --connect
}

run_fuzzers() { # run_fuzzers BUILD_DIR
  local dir="$1" corpus
  for target in "$dir"/bin/fuzz_*; do
    [ -x "$target" ] || continue
    name="$(basename "$target")"
    corpus="$dir/corpus/$name"
    mkdir -p "$corpus"
    log "Fuzzing $name for ${FUZZ_SECONDS}s"
    "$target" -max_total_time="$FUZZ_SECONDS" -timeout=10 -dict="$ROOT/fuzz/at.dict" -artifact_prefix="$dir/$name-" \
      -print_final_stats=1 "$corpus" "$ROOT/fuzz/seeds/${name#fuzz_}" 2>&1 | tail -n 12
  done
}

as_postgres() {
  # psql as the cluster's superuser over its Unix socket (peer authentication); from / because the
  # postgres user cannot read the caller's working directory.
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  elif [ "$(id -un)" = postgres ]; then
    (cd / && "$@")
  else
    (cd / && sudo -u postgres -- "$@")
  fi
}

start_postgres() {
  # The records tests and the station tests also run against a real server (issue #7 item 6). The
  # Debian package creates a cluster but containers rarely start it; the server stays up afterwards.
  if [ -n "${MODEMBENCH_TEST_POSTGRES_URL:-}" ]; then
    log "Using the PostgreSQL server given by MODEMBENCH_TEST_POSTGRES_URL"
    return
  fi
  local line version cluster port status
  line="$(pg_lsclusters --no-header 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$line" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    log "Creating the PostgreSQL $version cluster"
    as_root pg_createcluster "$version" main >/dev/null
    line="$(pg_lsclusters --no-header | sort -V | tail -n 1)"
  fi
  read -r version cluster port status _ <<<"$line"
  case "$status" in
    online*) ;;
    *) log "Starting PostgreSQL $version/$cluster on port $port"
       as_root pg_ctlcluster "$version" "$cluster" start ;;
  esac
  # Idempotent: the script may run twice. CREATEDB lets a test run make its own scratch database.
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres <<'SQL'
SELECT 'CREATE ROLE modembench' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'modembench')\gexec
ALTER ROLE modembench LOGIN CREATEDB PASSWORD 'modembench';
SELECT 'CREATE DATABASE modembench_test OWNER modembench'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'modembench_test')\gexec
SQL
  export MODEMBENCH_TEST_POSTGRES_URL="postgresql://modembench:modembench@127.0.0.1:$port/modembench_test"
  log "PostgreSQL for the tests: postgresql://modembench:***@127.0.0.1:$port/modembench_test"
}

run_tests() {
  install_missing "${PACKAGES[@]}" "${TEST_PACKAGES[@]}"
  private_runtime_dir
  start_postgres
  log "Building with warnings as errors"
  build "$BUILD" -DMODEMBENCH_WERROR=ON
  log "Running the whole test suite"
  (cd "$BUILD" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$JOBS" --timeout 600)

  log "Building the core tests under AddressSanitizer + UndefinedBehaviorSanitizer"
  build "$BUILD-asan" -DMODEMBENCH_SANITIZE=ON -DMODEMBENCH_GUI=OFF -DMODEMBENCH_BENCH=OFF -DMODEMBENCH_WERROR=ON
  log "Running the core tests under ASan+UBSan"
  (cd "$BUILD-asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ctest --output-on-failure -j "$JOBS" --timeout 900 -LE gui)

  log "Building the libFuzzer targets with clang-19"
  build "$BUILD-fuzz" -DCMAKE_CXX_COMPILER=clang++-19 -DMODEMBENCH_FUZZ=ON -DMODEMBENCH_GUI=OFF \
    -DMODEMBENCH_BENCH=OFF
  run_fuzzers "$BUILD-fuzz"
  log "All stages passed"
}

case "${1:-}" in
  run) run_gui ;;
  test) run_tests ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
