#!/usr/bin/env bash
# Certificates: (a) PDFs per second on one core and bytes per PDF (24 counted items, the
# seal, the QR code, subset fonts) against the floor of the same library writing a one-line
# page in the same run; (b) a batch of PERSONS (default 1,000) eligible persons printed into
# one ZIP through the release server (SQLite): wall time and the server's peak RSS (VmHWM)
# before and after. Usage: bash bench/certificates.sh
set -euo pipefail
cd "$(dirname "$0")/.."
persons=${PERSONS:-1000}
cargo build --release -p xueshi --quiet --bin xueshi --example cert_render --example standing_load
source scripts/services.sh
server_pid=""
dir=$(mktemp -d /tmp/xueshi-cert-bench.XXXXXX)
trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null; rm -rf "$dir"' EXIT

read -r rate bytes floor floor_bytes < <(taskset -c 0 ./target/release/examples/cert_render 300 24)
printf 'render, one core: %6.1f PDFs/s, %6d bytes each   floor (one-line page): %6.1f PDFs/s, %d bytes   ratio %.3f\n' \
  "$rate" "$bytes" "$floor" "$floor_bytes" "$(python3 -c "print($rate/$floor)")"

port=$(free_port)
url="sqlite://$dir/xueshi.db?mode=rwc"
XUESHI_DATA_DIR="$dir" XUESHI_BIND="127.0.0.1:$port" XUESHI_STATIC_DIR="$dir" \
  XUESHI_DATABASE_URL="$url" RUST_LOG=warn ./target/release/xueshi serve >"$dir/log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
# 50 claims each: 30 counted (110 h, all 专业), so every loaded person is eligible (D5: the total).
./target/release/examples/standing_load "$url" "$persons" 50 >/dev/null
hwm() { awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$server_pid/status"; }
before=$(hwm)
base="http://127.0.0.1:$port/api/v1"
token=$(curl -sf -H 'content-type: application/json' -d '{"username":"jt_admin","password":"Xueshi@2026"}' \
  "$base/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
year=$(date +%Y)
t0=$(date +%s.%N)
job=$(curl -sf -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"year\": $year}" "$base/certificate-batches" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
while :; do
  state=$(curl -sf -H "Authorization: Bearer $token" "$base/certificate-batches/$job")
  status=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["status"])' "$state")
  [ "$status" = running ] || break
  sleep 0.5
done
wall=$(python3 -c "print(f'{$(date +%s.%N)-$t0:.1f}')")
python3 - "$state" "$wall" "$before" "$(hwm)" <<'PY'
import json, sys
j = json.loads(sys.argv[1])
assert j["status"] == "done", j
print(f"batch: {j['done']} certificates in {sys.argv[2]} s ({j['done']/float(sys.argv[2]):.0f}/s), "
      f"ZIP {j['result_size']/1e6:.1f} MB; server peak RSS {sys.argv[3]} before, {sys.argv[4]} after")
PY
# Again: nothing changed, so every certificate is reused and only the ZIP is rebuilt.
t0=$(date +%s.%N)
job=$(curl -sf -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"year\": $year}" "$base/certificate-batches" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
while [ "$(curl -sf -H "Authorization: Bearer $token" "$base/certificate-batches/$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')" = running ]; do sleep 0.5; done
echo "batch again (all reused): $(python3 -c "print(f'{$(date +%s.%N)-$t0:.1f}')") s"
