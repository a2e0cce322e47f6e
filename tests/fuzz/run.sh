#!/usr/bin/env bash
# The fuzz targets, built with clang (libFuzzer needs it) in a build directory of their own.
#   run.sh BUILD_DIR build              configure and build every target ($FUZZ_JOBS jobs, 2)
#   run.sh BUILD_DIR run TARGET SECONDS seed TARGET's corpus and run it for SECONDS
#   run.sh BUILD_DIR list               the targets, one a line
#   run.sh BUILD_DIR limits TARGET      the libFuzzer options that bound TARGET's input size
# Inputs that crash a target are kept as BUILD_DIR/crashes/TARGET-*.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(mkdir -p "${1:?build dir}" && cd "$1" && pwd)

# Input size limits of the targets whose inputs need not be large (the campaign uses them too).
limits() {
  case $1 in range) echo -max_len=64 ;; cgroup | version | auth_file) echo -max_len=512 ;;
    alert_output) echo -max_len=4096 ;; alert_config) echo -max_len=2048 ;;
    security_xml | native_security_xml) echo -max_len=4096 ;; vsphere | vsphere_xml) echo -max_len=8192 ;;
    libvirt_rpc) echo -max_len=16384 ;; esac
}
targets() { sed -n 's/^virtcheck_fuzz(\([a-z_]*\).*/\1/p' "$here/CMakeLists.txt"; }

case ${2:?build, run or list} in
build)
  cmake -S "$root" -B "$build" -DVIRTCHECK_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j"${FUZZ_JOBS:-2}" >/dev/null
  ;;
list) targets ;;
limits) limits "${3:?target}" ;;
run)
  target=${3:?target}
  seconds=${4:-5}
  targets | grep -qx "$target" || { echo "run.sh: no fuzz target '$target'" >&2; exit 2; }
  [[ -x $build/fuzz_$target ]] || { echo "run.sh: $build/fuzz_$target is not built (run.sh $build build)" >&2; exit 2; }
  corpus=$build/corpus-$target
  mkdir -p "$corpus" "$build/crashes"
  python3 "$here/seeds.py" "$target" "$corpus"
  read -ra limit <<<"$(limits "$target")"
  "$build/fuzz_$target" -max_total_time="$seconds" "${limit[@]}" -print_final_stats=1 \
    -artifact_prefix="$build/crashes/$target-" "$corpus" 2>&1 | tail -n 12
  ;;
*) echo "usage: run.sh BUILD_DIR build|list|run TARGET SECONDS" >&2; exit 2 ;;
esac
