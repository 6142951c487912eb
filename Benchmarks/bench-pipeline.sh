#!/usr/bin/env bash
# Benchmark of the pipeline runner (issue #5).
#
#   Benchmarks/bench-pipeline.sh [RUNS]        default: 5 runs (3 on the 1M input)
#
# 1. The sample pipeline (Pipelines/mig-healthcare.yaml on SampleData/): cold (empty
#    cache) and warm (nothing changed). Targets: cold < 2 s, warm < 0.3 s.
# 2. The same stages on workload W's 1M-row file (../shared/bench/gen_survey.py, in
#    $BENCH_DATA, generated when missing), cold, with --jobs 1 and --jobs 2.
#    Target: --jobs 2 measurably faster than --jobs 1.
# Prints wall-time medians [min-max] and each stage's share from the manifest.
# Uses the release build (`make bench-pipeline` builds it); outputs go to $WORK.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
DATA=${BENCH_DATA:-/tmp/bench-data}
WORK=${BENCH_WORK:-/tmp/mighealth-bench-pipeline}
RUNS=${1:-5}
BIN=$ROOT/.build/release/mighealth
[ -x "$BIN" ] || { echo "build first: make release" >&2; exit 1; }
cd "$ROOT"

median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f [%.3f-%.3f]", m, a[1], a[NR]}'; }
now() { date +%s.%N; }
# run LABEL PIPELINE OUT ARGS...: one timed run; prints seconds
timed() { local t0 t1; t0=$(now); "$BIN" run "$@" --quiet; t1=$(now); echo "$t1 - $t0" | bc -l; }
split() {
  python3 - "$1" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
parts = [f"{s['name']} {s['status']} {s.get('seconds') or 0:.3f}" for s in m["stages"]]
print("   per stage (last run): " + "; ".join(parts))
PY
}

echo "## Sample pipeline ($(nproc) cores, $RUNS runs)"
cold=(); warm=()
for run in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/sample"
  cold+=("$(timed Pipelines/mig-healthcare.yaml --output "$WORK/sample")")
  warm+=("$(timed Pipelines/mig-healthcare.yaml --output "$WORK/sample")")
done
echo "cold (empty cache):   $(printf '%s\n' "${cold[@]}" | median) s   target < 2 s"
rm -rf "$WORK/sample"; "$BIN" run Pipelines/mig-healthcare.yaml --output "$WORK/sample" --quiet
split "$WORK/sample/manifest.json"
echo "warm (nothing changed): $(printf '%s\n' "${warm[@]}" | median) s   target < 0.3 s"
"$BIN" run Pipelines/mig-healthcare.yaml --output "$WORK/sample" --quiet
split "$WORK/sample/manifest.json"

# The 1M input: workload W's file and margins, renamed to mighealth's margins columns.
FILE=$DATA/survey_1M.csv
if [ ! -s "$FILE" ]; then
  echo "generating $FILE" >&2
  python3 -c "import numpy" 2>/dev/null || pip install -q numpy
  python3 "$SHARED/gen_survey.py" 1000000 "$FILE" --margins "$DATA/margins_1M.csv" >&2
fi
[ -s "$DATA/margins_1M.csv" ] || python3 "$SHARED/gen_survey.py" 10 /dev/null --margins "$DATA/margins_1M.csv" >&2
mkdir -p "$WORK/big/Pipelines"
{ echo "country,variable,level,total"; tail -n +2 "$DATA/margins_1M.csv"; } > "$WORK/big/margins.csv"
sed -e "s|@FILE@|$FILE|" -e "s|@MARGINS@|$WORK/big/margins.csv|" \
  "$ROOT/Benchmarks/pipeline-1M.yaml" > "$WORK/big/Pipelines/bench.yaml"
"$BIN" check "$WORK/big/Pipelines/bench.yaml" > /dev/null
runs=$(( RUNS < 3 ? RUNS : 3 ))
echo
echo "## 1M rows ($(du -m "$FILE" | cut -f1) MB), cold, $runs runs each"
for jobs in 1 2; do
  times=()
  for run in $(seq 1 "$runs"); do
    times+=("$(timed "$WORK/big/Pipelines/bench.yaml" --output "$WORK/big/out" --force --jobs "$jobs")")
  done
  echo "--jobs $jobs: $(printf '%s\n' "${times[@]}" | median) s"
  split "$WORK/big/out/manifest.json"
done
