#!/usr/bin/env bash
# Claim submission with five ~2 MB photos, on local disk and on S3 (s3s-fs), release server,
# SQLite. One submission = create the draft, upload 5 images (each checked, decoded, stripped,
# thumbnailed, hashed, matched), save the note, submit. RUNS submissions per storage, median
# and p90 of the whole sequence, measured with curl. Floors in the same run:
#   - /healthz × 8 requests (the fixed HTTP cost of the 8 calls of one submission);
#   - the same 5 files PUT straight into the S3 server (curl --aws-sigv4): the storage floor;
#   - the server's own image processing is in the criterion bench (cargo bench -p xueshi).
# Usage: bash bench/claims.sh   (RUNS=15 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-15}
work=$(mktemp -d /tmp/xueshi-claims-bench.XXXXXX)
source scripts/services.sh
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; fi
  stop_services
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --release -p xueshi --quiet --bin xueshi --example evidence_gen
for i in 1 2 3 4 5; do ./target/release/examples/evidence_gen "$work/p$i.jpg" 2 "$i"; done
start_s3 >/dev/null

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
median() { sort -n | awk '{a[NR]=$1} END {printf "%.3f %.3f", a[int((NR+1)/2)], a[int(NR*0.9+0.5)]}'; }

serve() { # storage-kind
  local port; port=$(free_port)
  base="http://127.0.0.1:$port"
  local envs=(XUESHI_DATA_DIR="$work/data-$1" XUESHI_BIND="127.0.0.1:$port" XUESHI_STATIC_DIR="$work"
    XUESHI_DEMO_DATA=true RUST_LOG=warn)
  if [ "$1" = s3 ]; then
    envs+=(XUESHI_STORAGE=s3 XUESHI_S3_ENDPOINT="$XUESHI_TEST_S3_ENDPOINT" XUESHI_S3_BUCKET=xueshi-test
      XUESHI_S3_ACCESS_KEY="$XUESHI_TEST_S3_ACCESS_KEY" XUESHI_S3_SECRET_KEY="$XUESHI_TEST_S3_SECRET_KEY")
  fi
  env "${envs[@]}" ./target/release/xueshi serve >"$work/server-$1.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done
  token=$(curl -sf -H 'content-type: application/json' \
    -d '{"username":"330102199007084522","password":"Xueshi@2026"}' "$base/api/v1/auth/login" | json 'd["access_token"]')
}

stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

submit_once() { # n → seconds for the whole submission
  local n=$1 start end id body
  body=$(python3 -c "import json,datetime as d; t=(d.datetime.utcnow()+d.timedelta(hours=8)).date(); e=str(t-d.timedelta(days=5)); print(json.dumps({'pathway_code':'P17','title':'内部培训 $n','start_date':e,'end_date':e,'claimed_hours':8,'description':'单位内部培训','evidence_note':'签到表与通知'}))")
  start=$(date +%s.%N)
  id=$(curl -sf -H "Authorization: Bearer $token" -H 'content-type: application/json' -d "$body" \
    "$base/api/v1/claims" | json 'd["id"]')
  for i in 1 2 3 4 5; do
    curl -sf -o /dev/null -H "Authorization: Bearer $token" -F "file=@$work/p$i.jpg" \
      -F "kind=单位培训记录（通知、签到表）" "$base/api/v1/claims/$id/attachments"
  done
  curl -sf -o /dev/null -X PATCH -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d "$body" "$base/api/v1/claims/$id"
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"declared":true}' "$base/api/v1/claims/$id/submit"
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

declare -A result
for kind in local s3; do
  serve "$kind"
  submit_once 0 >/dev/null   # warm-up
  for n in $(seq "$runs"); do submit_once "$n"; done >"$work/$kind.times"
  result[$kind]=$(median <"$work/$kind.times")
  for n in $(seq "$runs"); do
    s=$(date +%s.%N); for _ in 1 2 3 4 5 6 7 8; do curl -sf -o /dev/null "$base/healthz"; done
    echo "$(date +%s.%N) - $s" | bc -l
  done >"$work/healthz-$kind.times"
  result[healthz-$kind]=$(median <"$work/healthz-$kind.times")
  stop
done
for n in $(seq "$runs"); do
  s=$(date +%s.%N)
  for i in 1 2 3 4 5; do
    curl -sf -o /dev/null --aws-sigv4 "aws:amz:us-east-1:s3" \
      --user "$XUESHI_TEST_S3_ACCESS_KEY:$XUESHI_TEST_S3_SECRET_KEY" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
      -T "$work/p$i.jpg" "$XUESHI_TEST_S3_ENDPOINT/xueshi-test/floor/$n-$i.jpg"
  done
  echo "$(date +%s.%N) - $s" | bc -l
done >"$work/s3put.times"
result[s3put]=$(median <"$work/s3put.times")

echo
echo "Claim submission with 5 photos ($(du -ch "$work"/p?.jpg | tail -1 | cut -f1) total), $runs runs each, $(nproc) cores, release, SQLite"
printf '%-62s %8s %8s\n' "" "median s" "p90 s"
printf '%-62s %8s %8s\n' "floor: /healthz × 8 (HTTP cost of the 8 calls)" ${result[healthz-local]}
printf '%-62s %8s %8s\n' "floor: 5 files PUT straight into s3s-fs (curl --aws-sigv4)" ${result[s3put]}
printf '%-62s %8s %8s\n' "submission, local disk (create, 5 uploads, save, submit)" ${result[local]}
printf '%-62s %8s %8s\n' "submission, S3 (s3s-fs) (create, 5 uploads, save, submit)" ${result[s3]}
