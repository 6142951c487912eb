#!/usr/bin/env bash
# Workload W (../shared/bench/README.md) with mighealth, as the bench's `mighealth` peer:
#   Benchmarks/workload-w.sh DATA.csv MARGINS.csv OUT.csv
# Runs the release binary built by `make bench` (never builds inside the timed run).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$HERE/WorkloadW/.build/release/workload-w
[ -x "$BIN" ] || { echo "workload-w is not built: run make bench (or make bench-build)" >&2; exit 1; }
exec "$BIN" "$1" "$2" "$3"
