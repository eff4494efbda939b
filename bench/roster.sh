#!/usr/bin/env bash
# Class roster (附件2 《培训班学员学时登记信息汇总表》) at 10,000 and 100,000 rows. For each size, a
# release server on a fresh database with the demo data, and a class of the demo organiser
# (px_org) that ended yesterday, approved by 省学时办 (sxb_admin, with an 申报 exception since its
# start is past the deadline); then in the same run:
#   (a) the baseline: Python openpyxl, load_workbook(read_only=True, data_only=True), finding the
#       header and reading every row into lists (bench/openpyxl_parse.py; interpreter start-up
#       and `import openpyxl` not counted);
#   (b) ours, preview: POST /classes/{id}/rosters with the xlsx (upload, parse, check every row);
#   (c) ours, post: POST /classes/{id}/rosters/{roster_id}/post (every participant registered);
# wall times from curl, the server's peak RSS (VmHWM) before and after, openpyxl's peak RSS.
# Goal (issue 7): ours, preview + post, at least 5× faster than openpyxl's parse alone.
# Generating the file (bench/roster_gen.py) is not timed.
# Usage: bash bench/roster.sh [sqlite|postgres]   (SIZES="10000 100000" by default)
#   postgres: a throwaway cluster (scripts/services.sh), or XUESHI_TEST_DATABASE_URL's server, with
#   a new database per size; XUESHI_DATABASE_URL, when set, is used as it is (it must be an empty
#   database, so only one size then).
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
read -r -a sizes <<<"${SIZES:-10000 100000}"
work=$(mktemp -d /tmp/xueshi-roster-bench.XXXXXX)
source scripts/services.sh
server_pid=""
bench_dbs=()
cleanup() {
  local rc=$?
  if [ "$rc" != 0 ] && [ -s "$work/server.log" ]; then
    echo "--- server log (last 20 lines)" >&2; tail -20 "$work/server.log" >&2
  fi
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; fi
  for db in "${bench_dbs[@]}"; do psql -q "$XUESHI_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $db" || true; done
  stop_services
  rm -rf "$work"
}
trap cleanup EXIT
if [ -n "${XUESHI_DATABASE_URL:-}" ] && [ "${#sizes[@]}" -gt 1 ]; then
  echo "XUESHI_DATABASE_URL is one empty database: set SIZES to one size" >&2
  exit 1
fi

# The baseline runs on Debian's Python and openpyxl (python3-openpyxl, with lxml).
py=/usr/bin/python3
if ! "$py" -c 'import openpyxl' 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> apt-get install python3-openpyxl"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null
    apt-get install -y -qq --no-install-recommends python3-openpyxl </dev/null >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    echo "==> sudo apt-get install python3-openpyxl"
    sudo apt-get install -y -qq --no-install-recommends python3-openpyxl </dev/null >/dev/null
  else
    echo "missing Debian package: python3-openpyxl (run as root, or: sudo apt-get install python3-openpyxl)" >&2
    exit 1
  fi
fi
openpyxl_version=$("$py" -c 'import openpyxl; print(openpyxl.__version__)')

cargo build --release -p xueshi --quiet --bin xueshi
if [ "$backend" = postgres ] && [ -z "${XUESHI_DATABASE_URL:-}" ]; then start_postgres >/dev/null; fi

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
num() { awk "BEGIN {printf \"$1\", $2}"; }   # format expression
hwm() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status"; }

serve() { # size: a fresh database with the demo data, the server on a free port
  local port envs url
  port=$(free_port)
  base="http://127.0.0.1:$port"
  envs=(XUESHI_DATA_DIR="$work/data-$1" XUESHI_BIND="127.0.0.1:$port" XUESHI_STATIC_DIR="$work"
    XUESHI_DEMO_DATA=true "RUST_LOG=warn,xueshi::classes=info")
  if [ "$backend" = postgres ]; then
    url=${XUESHI_DATABASE_URL:-}
    if [ -z "$url" ]; then
      bench_dbs+=("xueshi_roster_bench_$1_$(date +%s)")
      psql -q "$XUESHI_TEST_DATABASE_URL" -c "CREATE DATABASE ${bench_dbs[-1]}"
      url="${XUESHI_TEST_DATABASE_URL%/*}/${bench_dbs[-1]}"
    fi
    envs+=(XUESHI_DATABASE_URL="$url" XUESHI_JWT_SECRET=bench-secret-bench-secret-bench-secret XUESHI_SIGNING_KEY=YmVuY2gtc2lnbmluZy1rZXktYmVuY2gtc2lnbmluZy0=)
  fi
  env "${envs[@]}" ./target/release/xueshi serve >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done
}

stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

login() { # username → access token
  curl -sf -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"Xueshi@2026\"}" \
    "$base/api/v1/auth/login" | json 'd["access_token"]'
}

api() { # token method path [json body] → the response body; a non-2xx answer stops the bench
  local args code
  args=(-s -o "$work/api.out" -w '%{http_code}' -X "$2" -H "Authorization: Bearer $1")
  [ $# -ge 4 ] && args+=(-H 'content-type: application/json' --data-binary "$4")
  code=$(curl "${args[@]}" "$base/api/v1$3")
  if [ "${code:0:1}" != 2 ]; then
    echo "$2 $3 → HTTP $code: $(head -c 2000 "$work/api.out")" >&2
    return 1
  fi
  cat "$work/api.out"
}

timed_post() { # token path file|"" output → "http_code seconds"; the file goes up as the xlsx body
  local args=(-s -o "$4" -w '%{http_code} %{time_total}\n' -X POST -H "Authorization: Bearer $1")
  [ -n "$3" ] && args+=(-H 'content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    --data-binary @"$3")
  curl "${args[@]}" "$base/api/v1$2"
}

# A class that ended yesterday (China Standard Time), so the roster is open (≤ 7 days after the end).
read -r start_date end_date < <(python3 -c 'import datetime as d
t = (d.datetime.now(d.timezone.utc) + d.timedelta(hours=8)).date()
print(t - d.timedelta(days=2), t - d.timedelta(days=1))')
split='{"professional": 12, "industry_public": 4, "general_public": 0}'

results=()
for n in "${sizes[@]}"; do
  serve "$n"
  org=$(login px_org)
  province=$(login sxb_admin)
  unit_name=$(api "$org" GET /me | json 'd["roles"][0]["unit_name"]')
  class_name="学时登记性能测试培训班（${n}人）"
  body=$(cat <<EOF
{"unit_name": "$unit_name", "org_code": "123300004700051302", "address": "杭州市西湖区安吉路18号",
 "contact_person": "张敏", "contact_phone": "13957100001", "name": "$class_name",
 "location": "杭州市西湖区安吉路18号学术报告厅", "content": "建筑设计新规范解读与工程实践案例",
 "start_date": "$start_date", "end_date": "$end_date", "days": 2, "hours_per_day": 8, "total_hours": 16,
 "planned_headcount": $n, "plan_kind": "annual_plan", "plan_ref": null, "hours": $split}
EOF
)
  class=$(api "$org" POST /classes "$body" | json 'd["id"]')
  printf '%%PDF-1.4\n' >"$work/notice.pdf"
  curl -sf -o /dev/null -X POST -H "Authorization: Bearer $org" -H 'content-type: application/pdf' \
    --data-binary @"$work/notice.pdf" "$base/api/v1/classes/$class/files?kind=notice&name=notice.pdf"
  api "$province" POST "/classes/$class/exceptions" '{"kind": "application", "reason": "bench"}' >/dev/null
  api "$org" POST "/classes/$class/submit" >/dev/null
  api "$province" POST "/classes/$class/decision" "{\"approve\": true, \"opinion\": \"同意\", \"hours\": $split}" >/dev/null

  file="$work/roster-$n.xlsx"
  python3 bench/roster_gen.py "$n" "$file" --class-name "$class_name" --organiser "$unit_name" --hours 16 --seed "$n" 2>/dev/null
  size_mb=$(python3 -c "import os; print(f'{os.path.getsize(\"$file\")/1e6:.1f}')")

  # (a) openpyxl, while the server is idle.
  t0=$(date +%s.%N)
  py_json=$("$py" bench/openpyxl_parse.py "$file")
  py_wall=$(num %.2f "$(date +%s.%N) - $t0")
  py_rows=$(json 'd["rows"]' <<<"$py_json")
  py_s=$(json 'd["seconds"]' <<<"$py_json")
  py_mb=$(json 'round(d["peak_rss_mb"])' <<<"$py_json")
  [ "$py_rows" = "$n" ] || { echo "openpyxl read $py_rows rows, expected $n" >&2; exit 1; }

  # (b) preview, (c) post.
  hwm_before=$(hwm)
  read -r code t_preview < <(timed_post "$org" "/classes/$class/rosters" "$file" "$work/preview.json")
  [ "${code:0:1}" = 2 ] || { echo "preview → HTTP $code: $(head -c 2000 "$work/preview.json")" >&2; exit 1; }
  hwm_preview=$(hwm)
  summary=$(json 'json.dumps(d["summary"], ensure_ascii=False)' <"$work/preview.json")
  errors=$(json 'd["summary"]["error"]' <"$work/preview.json")
  if [ "$errors" != 0 ]; then
    echo "preview of $n rows found errors: $summary; the first:" >&2
    json '"\n".join(["  row %s: %s" % (r["row"], r["message"]) for r in d["rows"] if r["status"] == "error"][:10])' \
      <"$work/preview.json" >&2
    exit 1
  fi
  roster=$(json 'd["id"]' <"$work/preview.json")
  read -r code t_post < <(timed_post "$org" "/classes/$class/rosters/$roster/post" "" "$work/post.json")
  [ "${code:0:1}" = 2 ] || { echo "post → HTTP $code: $(head -c 2000 "$work/post.json")" >&2; exit 1; }
  hwm_post=$(hwm)
  status=$(json 'd["status"]' <"$work/post.json")
  records=$(api "$org" GET "/classes/$class/records?page_size=1" | json 'd["total"]')
  if [ "$status" != posted ] || [ "$records" != "$n" ]; then
    echo "post of $n rows: status $status, $records records registered" >&2
    exit 1
  fi

  total=$(num %.3f "$t_preview + $t_post")
  ratio=$(num %.1f "$py_s / $total")
  results+=("| $(python3 -c "print(f'{$n:,}')") | $py_s | $(num %.3f "$t_preview") | $(num %.3f "$t_post") | $total | ${ratio}× | $hwm_before → $hwm_post | $py_mb |")
  echo "$n rows ($size_mb MB xlsx): preview summary $summary; posted $records;" \
    "openpyxl process wall ${py_wall} s (with start-up and import); server VmHWM idle $hwm_before, after preview $hwm_preview, after post $hwm_post MB"
  phases=$(grep -E '_ms=' "$work/server.log" | tail -2 | tr '\n' ' ' || true)
  if [ -n "$phases" ]; then echo "  server log: $phases"; fi
  stop
done

echo
echo "Class roster, $backend, $(nproc) cores; openpyxl $openpyxl_version (Python $("$py" -c 'import platform; print(platform.python_version())'))"
echo
echo "| rows | openpyxl read-only parse s | ours preview s | ours post s | ours preview+post s | ratio (openpyxl parse / ours total) | server VmHWM MB (before → after) | openpyxl peak MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${results[@]}"
echo
echo "Goal: ratio ≥ 5× at every size. Server VmHWM is the process's peak so far, read from /proc."
