#!/usr/bin/env bash
# Standing benchmark: GET /api/v1/persons/{id}/standing (a person with 30 claims, read by the
# 二级 admin: JWT, scope check, the kept totals row, the year's thresholds, the explanation's
# claims and pathway names) with 1,000 persons × 30 claims loaded, against the hello-world
# floor GET /healthz of the same server in the same run, on SQLite and on PostgreSQL; also
# the unit standing list (first page of the 1,000). Prints requests/s and the ratios.
# Needs wrk (Debian package) and a release build. Usage: bash bench/standing.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
persons=${PERSONS:-1000}
claims=${CLAIMS:-30}
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk </dev/null >/dev/null; }
cargo build --release -p xueshi --quiet --bin xueshi --example standing_load
source scripts/services.sh
server_pid=""
trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null; stop_services' EXIT
start_postgres >/dev/null

rps() { wrk -t2 -c32 -d"${secs}s" "$@" | awk '/Requests\/sec/ {print $2}'; }

bench() {
  local name=$1 url=$2; shift 2
  local port; port=$(free_port)
  local dir; dir=$(mktemp -d)
  [ -z "$url" ] && url="sqlite://$dir/xueshi.db?mode=rwc"
  env XUESHI_DATA_DIR="$dir" XUESHI_BIND="127.0.0.1:$port" XUESHI_STATIC_DIR="$dir" \
    XUESHI_DATABASE_URL="$url" RUST_LOG=warn "$@" ./target/release/xueshi serve >"$dir/log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  local t0 person
  t0=$(date +%s.%N)
  person=$(./target/release/examples/standing_load "$url" "$persons" "$claims")
  local load_s; load_s=$(python3 -c "print(f'{$(date +%s.%N)-$t0:.1f}')")
  local token
  token=$(curl -sf -H 'content-type: application/json' -d '{"username":"jt_admin","password":"Xueshi@2026"}' \
    "http://127.0.0.1:$port/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  local base="http://127.0.0.1:$port/api/v1"
  curl -sf -H "Authorization: Bearer $token" "$base/persons/$person/standing" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["counted"]) + len(d["pending"]) >= 20, d; print("  standing of one person:", d["registered"]["total"], "h counted,", len(d["counted"]), "items")'
  local floor one list
  floor=$(rps "http://127.0.0.1:$port/healthz")
  one=$(rps -H "Authorization: Bearer $token" "$base/persons/$person/standing")
  list=$(rps -H "Authorization: Bearer $token" "$base/standings?page_size=20")
  printf '%-9s loaded %s×%s in %ss  healthz %8.0f req/s  standing %7.0f req/s (%.3f)  list %6.0f req/s (%.3f)\n' \
    "$name" "$persons" "$claims" "$load_s" "$floor" "$one" "$(python3 -c "print($one/$floor)")" \
    "$list" "$(python3 -c "print($list/$floor)")"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  rm -rf "$dir"
}

echo "wrk -t2 -c32 -d${secs}s on $(nproc) cores (server and load share them)"
bench sqlite ""
psql -q "$XUESHI_TEST_DATABASE_URL" -c "CREATE DATABASE xueshi_bench"
bench postgres "${XUESHI_TEST_DATABASE_URL%/*}/xueshi_bench" \
  XUESHI_JWT_SECRET=bench-secret-bench-secret-bench-secret XUESHI_DEMO_DATA=true \
  XUESHI_SIGNING_KEY=YmVuY2gtc2lnbmluZy1rZXktYmVuY2gtc2lnbmluZy0=
