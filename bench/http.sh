#!/usr/bin/env bash
# HTTP benchmark: authenticated GET /api/v1/me (JWT check + user, roles and units read)
# against the unauthenticated hello-world floor GET /healthz of the same server in the same
# run, on SQLite and on PostgreSQL. Prints requests/s and the ratio me/healthz.
# Needs wrk (Debian package) and a release build. Usage: bash bench/http.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk </dev/null >/dev/null; }
cargo build --release -p xueshi --quiet
source scripts/services.sh
server_pid=""
trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null; stop_services' EXIT
start_postgres >/dev/null

rps() { wrk -t2 -c32 -d"${secs}s" "$@" | awk '/Requests\/sec/ {print $2}'; }

bench() {
  local name=$1; shift
  local port; port=$(free_port)
  local dir; dir=$(mktemp -d)
  env XUESHI_DATA_DIR="$dir" XUESHI_BIND="127.0.0.1:$port" XUESHI_STATIC_DIR="$dir" RUST_LOG=warn "$@" \
    ./target/release/xueshi serve >"$dir/log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  local token
  token=$(curl -sf -H 'content-type: application/json' -d '{"username":"jt_admin","password":"Xueshi@2026"}' \
    "http://127.0.0.1:$port/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  local floor me
  floor=$(rps "http://127.0.0.1:$port/healthz")
  me=$(rps -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me")
  printf '%-10s healthz %10.0f req/s   me %10.0f req/s   ratio me/healthz %.3f\n' "$name" "$floor" "$me" \
    "$(python3 -c "print($me/$floor)")"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  rm -rf "$dir"
}

echo "wrk -t2 -c32 -d${secs}s on $(nproc) cores (server and load share them)"
bench sqlite
psql -q "$XUESHI_TEST_DATABASE_URL" -c "CREATE DATABASE xueshi_bench"
bench postgres XUESHI_DATABASE_URL="${XUESHI_TEST_DATABASE_URL%/*}/xueshi_bench" \
  XUESHI_JWT_SECRET=bench-secret-bench-secret-bench-secret XUESHI_DEMO_DATA=true \
  XUESHI_SIGNING_KEY=YmVuY2gtc2lnbmluZy1rZXktYmVuY2gtc2lnbmluZy0=
