#!/usr/bin/env bash
# Benchmark of the ingest stage on workload W's 1M-row survey file.
#
#   Benchmarks/bench-ingest.sh [RUNS] [N]       default: 5 runs on 1M rows
#
# Prints wall time (median, min-max), MB/s, rows/s and peak RSS of
# `mighealth ingest FILE --timing` (release build, page cache warm), next to the
# libcsv ceiling: ../shared/bench/csvparse.c, one core, counting fields only.
# Data comes from ../shared/bench/gen_survey.py into $BENCH_DATA (default
# /tmp/bench-data), generated when missing. Targets (issue #3): wall <= 0.35 s
# and peak RSS <= 1.5 x the file size, on this 2-core machine kind.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
DATA=${BENCH_DATA:-/tmp/bench-data}
RUNS=${1:-5}
N=${2:-1M}
BIN=$ROOT/.build/release/mighealth
[ -x "$BIN" ] || { echo "build first: make release" >&2; exit 1; }
case $N in *M) rows=$(( ${N%M} * 1000000 ));; *k) rows=$(( ${N%k} * 1000 ));; *) rows=$N;; esac
FILE=$DATA/survey_$N.csv
mkdir -p "$DATA/bin"
if [ ! -s "$FILE" ]; then
  echo "generating $FILE ($rows rows)" >&2
  python3 -c "import numpy" 2>/dev/null || pip install -q numpy
  python3 "$SHARED/gen_survey.py" "$rows" "$FILE" --margins "$DATA/margins_$N.csv" >&2
fi
cc -O2 -o "$DATA/bin/csvparse" "$SHARED/csvparse.c" -lcsv
bytes=$(stat -c %s "$FILE")
cat "$FILE" > /dev/null

median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f [%.3f-%.3f]", m, a[1], a[NR]}'; }
now() { date +%s.%N; }

ceiling=()
ours=()
rss=()
last=""
for run in $(seq 1 "$RUNS"); do
  t0=$(now); "$DATA/bin/csvparse" "$FILE" > /dev/null; t1=$(now)
  ceiling+=("$(echo "$t1 - $t0" | bc -l)")
  t0=$(now); last=$("$BIN" ingest "$FILE" --timing 2>&1 >/dev/null | grep '^TIMING'); t1=$(now)
  ours+=("$(echo "$t1 - $t0" | bc -l)")
  rss+=("$(echo "$last" | sed 's/.*"peak_rss_bytes": \([0-9]*\).*/\1/')")
  printf 'run %d: libcsv %.3f s, mighealth %.3f s, %s\n' "$run" "${ceiling[-1]}" "${ours[-1]}" "$last" >&2
done
ceil_m=$(printf '%s\n' "${ceiling[@]}" | median)
ours_m=$(printf '%s\n' "${ours[@]}" | median)
ours_med=${ours_m%% *}
peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
echo
echo "file: $FILE ($(echo "$bytes / 1000000" | bc -l | xargs printf '%.1f') MB, $rows rows), $(nproc) cores, $RUNS runs"
echo "| tool | wall s median [min-max] | MB/s | rows/s | peak RSS MB | RSS / file |"
echo "|---|---|---|---|---|---|"
echo "| libcsv ceiling (1 core, count fields) | $ceil_m | $(echo "$bytes / 1000000 / ${ceil_m%% *}" | bc -l | xargs printf '%.0f') | $(echo "$rows / ${ceil_m%% *}" | bc -l | xargs printf '%.0f') | | |"
echo "| mighealth ingest (typed table) | $ours_m | $(echo "$bytes / 1000000 / $ours_med" | bc -l | xargs printf '%.0f') | $(echo "$rows / $ours_med" | bc -l | xargs printf '%.0f') | $(echo "$peak / 1000000" | bc -l | xargs printf '%.0f') | $(echo "$peak / $bytes" | bc -l | xargs printf '%.2f') |"
echo "last run's phases: $last"
pass() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo PASS; else echo MISS; fi; }
echo "target wall <= 0.35 s: $(pass "$ours_med <= 0.35"); target peak RSS <= 1.5 x file: $(pass "$peak <= 1.5 * $bytes")"
