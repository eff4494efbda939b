#!/usr/bin/env bash
# Installs what the run and test commands need on a fresh Debian machine with Rust, Node 20
# and Python 3: Debian packages (when run as root), the S3 test server, npm packages.
# Idempotent: only what is missing is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-all}   # all | run

apt_missing=()
have_pg() { command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
# The certificate PDFs embed Noto CJK, so running needs the fonts too.
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || apt_missing+=(fonts-noto-cjk)
if [ "$what" = all ]; then
  command -v chromium >/dev/null 2>&1 || apt_missing+=(chromium)
  have_pg || apt_missing+=(postgresql)
  # pdftoppm / pdftotext: the tests render and read the certificates.
  command -v pdftoppm >/dev/null 2>&1 || apt_missing+=(poppler-utils)
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> apt-get install ${apt_missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null
    apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" </dev/null >/dev/null
  else
    echo "missing Debian packages: ${apt_missing[*]} (run as root, or: sudo apt-get install ${apt_missing[*]})" >&2
    exit 1
  fi
fi

if [ "$what" = all ] && ! command -v s3s-fs >/dev/null 2>&1; then
  echo "==> cargo install s3s-fs 0.14.1 (S3-compatible test server)"
  cargo install s3s-fs@0.14.1 --locked --features binary --quiet </dev/null
fi

npm_ci() {  # reinstall only when package-lock.json changed since the last install
  local dir=$1 stamp=$1/node_modules/.xueshi-lock
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "==> npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error </dev/null)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_ci frontend
[ "$what" = all ] && npm_ci tests/e2e
exit 0
