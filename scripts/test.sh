#!/usr/bin/env bash
# The one test command (README, CI): lints, frontend checks, OpenAPI drift, the API test
# suite on SQLite and on PostgreSQL with storage tests on local disk and a real S3 server,
# and browser end-to-end tests in Debian's chromium on both databases.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
step() { printf '\n==> %s\n' "$*"; }

bash scripts/setup.sh all
source scripts/services.sh
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; stop_services; }
trap cleanup EXIT

step "Rust format and clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "frontend: API types drift, ESLint, vue-tsc, Vitest, build"
(cd frontend && npm run --silent check:api && npm run --silent lint && npm run --silent typecheck \
  && npm run --silent test && npm run --silent build)

step "OpenAPI drift (openapi/openapi.json vs the code)"
cargo build --workspace --quiet
./target/debug/xueshi openapi | diff -u openapi/openapi.json - \
  || { echo "openapi/openapi.json is stale: run ./target/debug/xueshi openapi > openapi/openapi.json"; exit 1; }

step "start S3 (s3s-fs) and PostgreSQL"
start_s3
start_postgres

step "API and storage tests on SQLite (local disk + S3)"
XUESHI_TEST_REQUIRE_S3=1 env -u XUESHI_TEST_DATABASE_URL cargo test --workspace --quiet

step "API and storage tests on PostgreSQL (local disk + S3)"
XUESHI_TEST_REQUIRE_S3=1 cargo test -p xueshi-tests --quiet

# Runs one crash test on SQLite, then on a fresh PostgreSQL database.
kill_test() {
  node "tests/kill/$1"
  psql -q "$XUESHI_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS xueshi_kill" -c "CREATE DATABASE xueshi_kill"
  XUESHI_DATABASE_URL="${XUESHI_TEST_DATABASE_URL%/*}/xueshi_kill" \
    XUESHI_JWT_SECRET="kill-secret-kill-secret-kill-secret-kill" \
    XUESHI_SIGNING_KEY="ZTJlLXNpZ25pbmcta2V5LWUyZS1zaWduaW5nLWtleS0=" node "tests/kill/$1"
}

step "roster posting survives kill -9 (10,000 rows): SQLite, then PostgreSQL"
kill_test roster-kill.mjs

step "a sync batch survives kill -9 (5,000 records): SQLite, then PostgreSQL"
kill_test sync-kill.mjs

# Runs the built SPA under `xueshi serve` with the given environment and the browser tests on it.
e2e() {
  local name=$1; shift
  local port; port=$(free_port)
  local dir="$root/.tmp/e2e-$name"
  rm -rf "$dir"; mkdir -p "$dir"
  env XUESHI_DATA_DIR="$dir/data" XUESHI_BIND="127.0.0.1:$port" XUESHI_STATIC_DIR="$root/frontend/dist" \
    RUST_LOG=warn "$@" ./target/debug/xueshi serve >"$dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$dir/server.log"; exit 1; }
  (cd tests/e2e && XUESHI_E2E_BASE_URL="http://127.0.0.1:$port" XUESHI_E2E_ARTIFACTS="$root/tests/e2e/artifacts/$name" npm test --silent)
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

step "browser end-to-end: SQLite + local disk"
e2e sqlite

step "browser end-to-end: PostgreSQL + S3"
pg_e2e="${XUESHI_TEST_DATABASE_URL%/*}/xueshi_e2e"
psql -q "$XUESHI_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS xueshi_e2e" -c "CREATE DATABASE xueshi_e2e"
e2e postgres XUESHI_DATABASE_URL="$pg_e2e" XUESHI_JWT_SECRET="e2e-secret-e2e-secret-e2e-secret-e2e" \
  XUESHI_SIGNING_KEY="ZTJlLXNpZ25pbmcta2V5LWUyZS1zaWduaW5nLWtleS0=" \
  XUESHI_DEMO_DATA=true XUESHI_STORAGE=s3 XUESHI_S3_ENDPOINT="$XUESHI_TEST_S3_ENDPOINT" \
  XUESHI_S3_BUCKET="$XUESHI_TEST_S3_BUCKET" XUESHI_S3_ACCESS_KEY="$XUESHI_TEST_S3_ACCESS_KEY" \
  XUESHI_S3_SECRET_KEY="$XUESHI_TEST_S3_SECRET_KEY"

if command -v docker-compose >/dev/null 2>&1; then
  step "docker-compose.yml is valid"
  XUESHI_JWT_SECRET=check-only-check-only-check-only-xx XUESHI_SIGNING_KEY=Y2hlY2stb25seS1jaGVjay1vbmx5LWNoZWNrLW9ubHk= \
    docker-compose -f docker-compose.yml config -q
fi

step "all tests passed (screenshots in tests/e2e/artifacts/)"
