# Sourced by test.sh and bench: throwaway PostgreSQL and S3 (s3s-fs) servers on loopback,
# stopped by `stop_services` (test.sh sets the trap).

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_postgres() {
  if [ -n "${XUESHI_TEST_DATABASE_URL:-}" ]; then return 0; fi   # the caller brought one
  local bin; bin=$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
  PG_DIR=$(mktemp -d /tmp/xueshi-pg.XXXXXX)
  PG_PORT=$(free_port)
  local as=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; as=(runuser -u postgres --); fi
  "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" --auth=trust --username=postgres -E UTF8 --no-locale >/dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400" start >/dev/null
  PG_BIN=$bin; PG_AS=("${as[@]}")
  export XUESHI_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "PostgreSQL on 127.0.0.1:$PG_PORT"
}

start_s3() {
  S3_DIR=$(mktemp -d /tmp/xueshi-s3.XXXXXX)
  S3_PORT=$(free_port)
  mkdir -p "$S3_DIR/xueshi-test"   # s3s-fs: a bucket is a directory
  export XUESHI_TEST_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
  export XUESHI_TEST_S3_ACCESS_KEY="xueshi-test-ak"
  export XUESHI_TEST_S3_SECRET_KEY="xueshi-test-secret-$(date +%s%N)"
  export XUESHI_TEST_S3_BUCKET="xueshi-test"
  s3s-fs --host 127.0.0.1 --port "$S3_PORT" --access-key "$XUESHI_TEST_S3_ACCESS_KEY" \
    --secret-key "$XUESHI_TEST_S3_SECRET_KEY" "$S3_DIR" >"$S3_DIR.log" 2>&1 &
  S3_PID=$!
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break; sleep 0.1; done
  echo "s3s-fs on 127.0.0.1:$S3_PORT"
}

stop_services() {
  [ -n "${S3_PID:-}" ] && kill "$S3_PID" 2>/dev/null || true
  if [ -n "${PG_DIR:-}" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  [ -n "${S3_DIR:-}" ] && rm -rf "$S3_DIR" "$S3_DIR.log"
  return 0
}
