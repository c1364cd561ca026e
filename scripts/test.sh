#!/usr/bin/env bash
# Runs every test of Fupin: unit and property tests, the store conformance suite on SQLite and
# PostgreSQL, HTTP tests through the router, and the CLI tests.
#
# PostgreSQL: FUPIN_TEST_POSTGRES_URL names the server (default: the local one at 127.0.0.1:5432,
# started here if it is installed but down). Under CI (CI=true) an unreachable server is a failure;
# elsewhere the PostgreSQL half of each conformance test is skipped with a warning.
set -euo pipefail
cd "$(dirname "$0")/.."

export FUPIN_TEST_POSTGRES_URL="${FUPIN_TEST_POSTGRES_URL-postgres://postgres@127.0.0.1:5432/postgres}"

pg_up() { psql "$FUPIN_TEST_POSTGRES_URL" -Atqc 'SELECT 1' >/dev/null 2>&1; }

if [ -n "$FUPIN_TEST_POSTGRES_URL" ] && ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "starting the local PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
fi
if [ -n "$FUPIN_TEST_POSTGRES_URL" ] && ! pg_up; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL is not reachable at $FUPIN_TEST_POSTGRES_URL: under CI this is a failure" >&2
    exit 1
  fi
  echo "warning: PostgreSQL not reachable; running the SQLite half only" >&2
  export FUPIN_TEST_POSTGRES_URL=""
fi

if [ -n "$FUPIN_TEST_POSTGRES_URL" ]; then
  # Databases left behind by interrupted runs (each test drops its own when it ends).
  for db in $(psql "$FUPIN_TEST_POSTGRES_URL" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'fupin\_t\_%'"); do
    psql "$FUPIN_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null || true
  done
fi

# The IATI open-data test validates its XML against the official schema with Python's xmlschema.
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import xmlschema' 2>/dev/null; then
  echo "installing xmlschema (PyPI) for the IATI schema check"
  python3 -m pip install -q xmlschema || python3 -m pip install -q --user xmlschema ||
    python3 -m pip install -q --break-system-packages xmlschema || true
fi

cargo fmt --all --check
cargo test --workspace --locked

# The README's first command, as a fresh clone runs it: build the demo (release), without serving.
root="$(pwd)"
demo_dir="$(mktemp -d)"
trap 'rm -rf "$demo_dir"' EXIT
(cd "$demo_dir" && cargo run --release --locked --manifest-path "$root/Cargo.toml" -- demo --no-serve) | tee "$demo_dir/demo.log"
grep -q "已公开" "$demo_dir/demo.log"
echo "smoke: 1 passed, 0 failed"

# Browser tests: the public journeys (home → map → province → county → organization → activity;
# search; download) in Debian's Chromium, driven by playwright-core (pinned in
# tests/browser/package-lock.json; it never downloads a browser), against the release binary just
# built, serving the demo database just made. Screenshots: target/browser-screenshots/.
browser_skip() {
  if [ "${CI:-}" = "true" ]; then
    echo "browser tests: $1: under CI this is a failure" >&2
    exit 1
  fi
  echo "warning: browser tests skipped: $1" >&2
}
run_browser_tests() {
  # Debian's chromium, and a Chinese font so that the screenshots are legible.
  local need=""
  [ -x /usr/bin/chromium ] || need="chromium"
  fc-list :lang=zh 2>/dev/null | grep -q . || need="$need fonts-wqy-microhei"
  if [ -n "$need" ]; then
    echo "installing for the browser tests:$need"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    # shellcheck disable=SC2086
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $need >/dev/null; } ||
      { browser_skip "could not install$need"; return 0; }
  fi
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
    { browser_skip "node and npm are needed (apt-get install nodejs npm)"; return 0; }
  local target_dir
  target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  rm -rf "$target_dir/browser-screenshots"
  FUPIN_BIN="$target_dir/release/fupin" FUPIN_DEMO_DIR="$demo_dir" \
    SCREENSHOTS="$target_dir/browser-screenshots" CHROMIUM=/usr/bin/chromium \
    node tests/browser/journeys.mjs
}
run_browser_tests
