#!/usr/bin/env bash
# Builds and runs the whole system with demo data: SQLite in ./data, attachments on local
# disk, the SPA at http://127.0.0.1:8080 (override with XUESHI_BIND). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run
(cd frontend && npm run --silent build)
cargo build --release -p xueshi
exec ./target/release/xueshi serve
