#!/usr/bin/env bash
# Rewrites Tests/PipelineTests/Golden/ from a run of the sample pipeline: the published tables
# and the Germany profile that the golden test compares byte for byte.
# Run it only after checking that a change in these outputs is intended (git diff shows it).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
swift build --product mighealth
.build/debug/mighealth run Pipelines/mig-healthcare.yaml --output "$out" --quiet
golden=Tests/PipelineTests/Golden
while read -r file; do
  mkdir -p "$golden/$(dirname "$file")"
  cp "$out/$file" "$golden/$file"
done < "$golden/FILES"
echo "updated $(wc -l < "$golden/FILES") files in $golden"
