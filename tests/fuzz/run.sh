#!/usr/bin/env bash
# Builds the fuzz targets with clang (libFuzzer needs it) in their own build directory and
# runs each for a bounded time. Usage: run.sh BUILD_DIR [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(mkdir -p "${1:?build dir}" && cd "$1" && pwd)
seconds=${2:-30}
cmake -S "$root" -B "$build" -DVIRTCHECK_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzz_range -j2 >/dev/null
mkdir -p "$build/corpus"
# Seeds: the guideline examples and the unit forms.
for seed in 10 10: '~:10' 10:20 @10:20 500ms 10GiB: 80% 7d 1h:7d '@~:0' -10:-5; do
  printf '\001%s' "$seed" > "$build/corpus/$(printf '%s' "$seed" | md5sum | cut -c1-12)"
done
"$build/fuzz_range" -max_total_time="$seconds" -max_len=64 -print_final_stats=1 "$build/corpus" 2>&1 | tail -n 12
