#!/usr/bin/env bash
# Runs the sample pipeline (Pipelines/mig-healthcare.yaml) into output/check-html/run, renders
# its Germany and Malta profiles (Malta: many suppressed cells) and the comparison page in
# headless Chromium, as a person would open them offline, and fails if a page does not render
# or a chart is missing. The screenshots stay in output/check-html/ for a person to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${CHECK_HTML_OUT:-$PWD/output/check-html}"
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

if ! command -v chromium > /dev/null; then
  echo "installing chromium"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium
fi

rm -rf "$out" && mkdir -p "$out"
swift build --product mighealth
.build/debug/mighealth run Pipelines/mig-healthcare.yaml --output "$out/run" --quiet > "$out/run.log" 2>&1 \
  || { cat "$out/run.log"; echo "check-html: the sample pipeline failed" >&2; exit 1; }

failures=0
for page in profile_DE profile_MT comparison; do
  html="$out/run/report/$page.html"
  png="$out/$page.png"
  if [ ! -s "$html" ]; then
    echo "check-html: $html was not written" >&2; failures=$((failures + 1)); continue
  fi
  # The DOM after Chromium has loaded the page: proof that it rendered, and what it holds.
  chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --dump-dom "file://$html" \
    > "$out/$page.dom.html" 2> "$out/$page.chromium.log" || true
  chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --window-size=1100,2600 --screenshot="$png" "file://$html" >> "$out/$page.chromium.log" 2>&1 || true
  if ! grep -q '<h1>' "$out/$page.dom.html"; then
    echo "check-html: $html did not render in Chromium (see $out/$page.chromium.log)" >&2
    failures=$((failures + 1))
  elif ! grep -q '<svg' "$out/$page.dom.html"; then
    echo "check-html: $html has no chart (<svg) after rendering" >&2
    failures=$((failures + 1))
  elif [ ! -s "$png" ] || [ "$(stat -c %s "$png")" -lt 10000 ]; then
    echo "check-html: no screenshot of $html (see $out/$page.chromium.log)" >&2
    failures=$((failures + 1))
  else
    echo "check-html: $page renders with $(grep -o '<svg' "$out/$page.dom.html" | wc -l) chart(s): $png"
  fi
done
[ "$failures" = 0 ] || { echo "check-html: $failures page(s) failed" >&2; exit 1; }
