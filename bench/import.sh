#!/usr/bin/env bash
# Person import at scale: a roster of ROWS (default 100,000) valid, distinct persons, then in
# one run
#   (a) the baseline: Python openpyxl (read-only mode) reading every row,
#   (b) our parse alone (calamine, as the preview runs it), under /usr/bin/time -v,
#   (c) the release server on a fresh database: preview (upload + check every row), commit
#       (one transaction), and the export of everything back, timed with curl, with the
#       server's peak RSS (VmHWM) after each step.
# Generating the file is not timed. Usage: bash bench/import.sh [sqlite|postgres]
#   postgres: a throwaway cluster (scripts/services.sh), or XUESHI_TEST_DATABASE_URL's server;
#   XUESHI_DATABASE_URL, when set, is used as it is (it must be an empty database).
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
rows=${ROWS:-100000}
work=$(mktemp -d /tmp/xueshi-import-bench.XXXXXX)
source scripts/services.sh
server_pid=""
bench_db=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; fi
  [ -n "$bench_db" ] && psql -q "$XUESHI_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $bench_db" || true
  stop_services
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --release -p xueshi --quiet --bin xueshi --example import_gen --example import_parse
python3 -c 'import openpyxl' 2>/dev/null || pip install -q openpyxl
./target/release/examples/import_gen "$rows" "$work/persons.xlsx" >/dev/null
size_mb=$(python3 -c "import os; print(f'{os.path.getsize(\"$work/persons.xlsx\")/1e6:.1f}')")

# "m:ss.cc" or "h:mm:ss" -> seconds; Maximum resident set size (KB) -> MB.
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.2f", s}' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }

# (a) openpyxl, read-only, every row.
/usr/bin/time -v python3 - "$work/persons.xlsx" >/dev/null 2>"$work/py.time" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
print(n)
EOF
# (b) our parse alone.
/usr/bin/time -v ./target/release/examples/import_parse "$work/persons.xlsx" >"$work/rs.out" 2>"$work/rs.time"

# (c) the server.
port=$(free_port)
base="http://127.0.0.1:$port"
envs=(XUESHI_DATA_DIR="$work/data" XUESHI_BIND="127.0.0.1:$port" XUESHI_STATIC_DIR="$work"
  XUESHI_DEMO_DATA=true RUST_LOG=warn,xueshi::people::import=info)
if [ "$backend" = postgres ]; then
  if [ -z "${XUESHI_DATABASE_URL:-}" ]; then
    start_postgres >/dev/null
    bench_db="xueshi_import_bench_$(date +%s)"
    psql -q "$XUESHI_TEST_DATABASE_URL" -c "CREATE DATABASE $bench_db"
    XUESHI_DATABASE_URL="${XUESHI_TEST_DATABASE_URL%/*}/$bench_db"
  fi
  envs+=(XUESHI_DATABASE_URL="$XUESHI_DATABASE_URL" XUESHI_JWT_SECRET=bench-secret-bench-secret-bench-secret XUESHI_SIGNING_KEY=YmVuY2gtc2lnbmluZy1rZXktYmVuY2gtc2lnbmluZy0=)
fi
env "${envs[@]}" ./target/release/xueshi serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
token=$(curl -sf -H 'content-type: application/json' -d '{"username":"jt_admin","password":"Xueshi@2026"}' \
  "$base/api/v1/auth/login" | json 'd["access_token"]')
auth=(-H "Authorization: Bearer $token")
unit=$(curl -sf "${auth[@]}" "$base/api/v1/me" | json 'd["roles"][0]["unit_id"]')
hwm() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status"; }
base_rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status")

t_preview=$(curl -s -o "$work/preview.json" -w '%{time_total}' "${auth[@]}" \
  -H 'content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' \
  --data-binary @"$work/persons.xlsx" "$base/api/v1/persons/import/preview?unit_id=$unit&mode=create")
hwm_preview=$(hwm)
summary=$(json 'd.get("summary", d)' <"$work/preview.json")
id=$(json 'd["id"]' <"$work/preview.json")
t_commit=$(curl -s -o "$work/commit.json" -w '%{time_total}' "${auth[@]}" -X POST \
  "$base/api/v1/persons/import/$id/commit")
hwm_commit=$(hwm)
created=$(json 'd["summary"]["create"]' <"$work/commit.json")
t_export=$(curl -s -o "$work/export.xlsx" -w '%{time_total}' "${auth[@]}" "$base/api/v1/persons/export")
hwm_export=$(hwm)
export_mb=$(python3 -c "import os; print(f'{os.path.getsize(\"$work/export.xlsx\")/1e6:.1f}')")

echo
echo "Person import, $rows rows, $size_mb MB xlsx, $backend, $(nproc) cores"
echo "preview summary: $summary"
printf '%-46s %10s %14s\n' step seconds "peak RSS (MB)"
printf '%-46s %10s %14s\n' "(a) openpyxl read-only, every row (baseline)" "$(wall "$work/py.time")" "$(rss "$work/py.time")"
printf '%-46s %10s %14s\n' "(b) calamine parse alone (examples/import_parse)" "$(wall "$work/rs.time")" "$(rss "$work/rs.time")"
printf '%-46s %10s %14s\n' "(c) server idle after login" "" "$base_rss"
printf '%-46s %10.2f %14s\n' "    preview: upload, parse, check, store" "$t_preview" "$hwm_preview"
printf '%-46s %10.2f %14s\n' "    commit: re-check, insert $created persons" "$t_commit" "$hwm_commit"
printf '%-46s %10.2f %14s\n' "    export everything ($export_mb MB xlsx)" "$t_export" "$hwm_export"
echo "(server RSS is VmHWM, the peak so far, read from /proc after each step)"
phases=$(grep -o 'read_ms=[0-9]* check_ms=[0-9]* write_ms=[0-9]*' "$work/server.log" | tail -1 || true)
echo "commit phases (server log): ${phases:-n/a}"
