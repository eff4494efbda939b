#!/usr/bin/env bash
# Online-learning sync throughput: records/s ingested through POST /sync/platforms/{id}/records
# in batches of 1,000 (new, then replayed) against a raw bulk insert of the same rows into the
# same table of the same database in the same run (api/examples/sync_load.rs), on SQLite and on
# PostgreSQL. Each backend: a release server on a fresh database with the demo data, a platform
# registered by the system administrator, PERSONS persons (default 1,000) × PER records each
# (default 10). Goal (issue 8): the API at ≥ 0.5 of the raw insert.
# Usage: bash bench/sync.sh [sqlite|postgres|both]
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
persons=${PERSONS:-1000}
per=${PER:-10}
cargo build --release -p xueshi --quiet --bin xueshi --example sync_load
source scripts/services.sh
server_pid=""
trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null; stop_services' EXIT

bench() {
  local name=$1 url=$2; shift 2
  local port; port=$(free_port)
  local dir; dir=$(mktemp -d)
  [ -z "$url" ] && url="sqlite://$dir/xueshi.db?mode=rwc"
  env XUESHI_DATA_DIR="$dir" XUESHI_BIND="127.0.0.1:$port" XUESHI_STATIC_DIR="$dir" XUESHI_DEMO_DATA=true \
    XUESHI_DATABASE_URL="$url" XUESHI_SYNC_PER_MINUTE=100000 RUST_LOG="${BENCH_LOG:-warn}" "$@" \
    ./target/release/xueshi serve >"$dir/log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$port"
  local token created
  token=$(curl -sf -H 'content-type: application/json' -d '{"username":"sysadmin","password":"Xueshi@2026"}' \
    "$base/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  created=$(curl -sf -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"name":"压测平台"}' "$base/api/v1/sync/clients")
  local id key
  id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["client"]["id"])' "$created")
  key=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["api_key"])' "$created")
  printf '%-9s ' "$name"
  ./target/release/examples/sync_load "$url" "$base" "$id" "$key" "$persons" "$per"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  [ -n "${KEEP_LOG:-}" ] && cp "$dir/log" "$KEEP_LOG"; rm -rf "$dir"
}

echo "sync push on $(nproc) cores (server and client share them)"
if [ "$which" != postgres ]; then bench sqlite ""; fi
if [ "$which" != sqlite ]; then
  start_postgres >/dev/null
  db="xueshi_sync_bench_$(date +%s)"
  psql -q "$XUESHI_TEST_DATABASE_URL" -c "CREATE DATABASE $db"
  bench postgres "${XUESHI_TEST_DATABASE_URL%/*}/$db" \
    XUESHI_JWT_SECRET=bench-secret-bench-secret-bench-secret \
    XUESHI_SIGNING_KEY=YmVuY2gtc2lnbmluZy1rZXktYmVuY2gtc2lnbmluZy0=
fi
