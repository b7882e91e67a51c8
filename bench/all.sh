#!/usr/bin/env bash
# bench/all.sh - every bench of `make bench`, in one run, logged to
# bench/out/bench.log; ends with the lines that state the goals.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
{ bench/stats.sh && bench/validate.sh && bench/panel.sh && bench/ingest.sh && bench/report.sh; } 2>&1 |
  tee bench/out/bench.log
echo
echo "bench: the goals (all of bench/out/bench.log above):"
grep -E '^(versions|goal|stats bench|validate bench|panel bench|ingest bench)' bench/out/bench.log
