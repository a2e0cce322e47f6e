#!/usr/bin/env bash
# The long campaign: every fuzz target for RUNS executions (default 1,000,000), one after
# the other, with a table of executions, time and crashes at the end (for docs/benchmarks.md).
#   tests/fuzz/campaign.sh [BUILD_DIR] [RUNS]
# Crashing inputs are kept as BUILD_DIR/crashes/TARGET-*; the run goes on with the next target.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build-fuzz}
runs=${2:-1000000}
"$here/run.sh" "$build" build || exit 1
build=$(cd "$build" && pwd)
mkdir -p "$build/crashes"
summary=$build/campaign.txt
printf '%-18s %12s %9s %8s %s\n' target executions seconds crashes corpus >"$summary"
status=0
for target in $("$here/run.sh" "$build" list); do
  corpus=$build/corpus-$target
  mkdir -p "$corpus"
  python3 "$here/seeds.py" "$target" "$corpus"
  read -ra limit <<<"$("$here/run.sh" "$build" limits "$target")"
  log=$build/campaign-$target.log
  started=$(date +%s)
  "$build/fuzz_$target" -runs="$runs" "${limit[@]}" -print_final_stats=1 \
    -artifact_prefix="$build/crashes/$target-" "$corpus" >"$log" 2>&1
  code=$?
  seconds=$(($(date +%s) - started))
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  crashes=$(find "$build/crashes" -name "$target-*" | wc -l)
  ((code == 0)) || status=1
  printf '%-18s %12s %9s %8s %s\n' "$target" "${executions:-?}" "$seconds" "$crashes" "$(ls "$corpus" | wc -l)" |
    tee -a "$summary"
done
echo "--- $summary"
cat "$summary"
exit $status
