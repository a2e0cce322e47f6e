#!/usr/bin/env bash
# What forecasts and baselines cost, on the test driver (no daemon):
#  1. instructions (callgrind) of check_datastore with and without its forecast, and of
#     check_vm_cpu with and without a baseline, each after a warm history (--warm runs);
#  2. the history file's size after a simulated year at coarser intervals, to show that the
#     bound does not depend on the interval (the one-minute year is driven through the
#     series code directly: unit test HistoryFile.AYearAtOneMinuteStaysAFewKiB);
#  3. a PNG of the learned history (examples/learning/plot-history, needs gnuplot).
# Usage: bench/learning.sh BUILD_DIR [OUT_DIR]
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [OUT_DIR]}
out=${2:-$(mktemp -d /tmp/virtcheck-bench-learning.XXXXXX)}
here=$(cd "$(dirname "$0")" && pwd)
plugins=$build/plugins
mkdir -p "$out"
log() { echo "learning.sh: $*" >&2; }
command -v valgrind >/dev/null || { log "valgrind not found (scripts/install-deps.sh bench)"; exit 2; }

node=$out/node.xml
write_node() {  # write_node ALLOCATED_BYTES
    cat >"$node" <<XML
<node><pool type='dir'><name>data</name><uuid>00000000-0000-5eed-0000-0000000000d1</uuid>
<target><path>/data</path></target><volume type='file'><name>v.qcow2</name>
<capacity unit='GiB'>100</capacity><allocation unit='bytes'>$1</allocation></volume></pool></node>
XML
}
start=1767225600
export TZ=UTC

# Instructions of one run: callgrind's "Collected" total.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$out/.callgrind.log" || true
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/.callgrind.log"
}

# 1. check_datastore, forecast on (default) and off (--no-forecast), after 200 runs 6 h apart
#    (40 GiB to 80 GiB of the driver's 100 GiB: filling, not yet full).
export VIRTCHECK_STATE_DIR=$out/state
rm -rf "$VIRTCHECK_STATE_DIR"
for ((i = 0; i < 200; i++)); do
    write_node $((40 * 1073741824 + i * 200000000))
    VIRTCHECK_NOW=$((start + i * 21600)) "$plugins/check_datastore" --uri "test://$node" >/dev/null || true
done
now=$((start + 200 * 21600))
with=$(VIRTCHECK_NOW=$now instructions "$plugins/check_datastore" -t 3600 --uri "test://$node" -w time_left=7d:)
without=$(VIRTCHECK_NOW=$now instructions "$plugins/check_datastore" -t 3600 --uri "test://$node" --no-forecast)
echo "check_datastore forecast: with $with, without $without instructions" | tee "$out/learning.ir"

# check_vm_cpu on test:///default, with and without a baseline, after 400 runs 5 min apart.
for ((i = 0; i < 400; i++)); do
    VIRTCHECK_NOW=$((start + i * 300)) "$plugins/check_vm_cpu" --uri test:///default -w cpu=baseline:3 >/dev/null || true
done
now=$((start + 400 * 300))
with=$(VIRTCHECK_NOW=$now instructions "$plugins/check_vm_cpu" -t 3600 --uri test:///default -w cpu=baseline:3)
without=$(VIRTCHECK_NOW=$((now + 300)) instructions "$plugins/check_vm_cpu" -t 3600 --uri test:///default -w 90)
echo "check_vm_cpu baseline: with $with, without $without instructions" | tee -a "$out/learning.ir"
awk '{w=$4; gsub(",","",w); o=$6; printf "%s %s +%.2f %%\n", $1, $2, (w - o) / o * 100}' "$out/learning.ir" |
    tee -a "$out/learning.ir"

# 2. The history's size at coarser intervals: one day for a year, one hour for 90 days.
for spec in "86400 365" "3600 2160"; do
    read -r step runs <<<"$spec"
    export VIRTCHECK_STATE_DIR=$out/state-$step
    rm -rf "$VIRTCHECK_STATE_DIR"
    for ((i = 0; i < runs; i++)); do
        write_node $((20 * 1073741824 + i * step * 2000))
        VIRTCHECK_NOW=$((start + i * step)) "$plugins/check_datastore" --uri "test://$node" >/dev/null || true
    done
    size=$(stat -c %s "$VIRTCHECK_STATE_DIR"/*.history)
    echo "history after $runs runs ${step} s apart: $size bytes" | tee -a "$out/learning.ir"
done

# 3. The picture.
if command -v gnuplot >/dev/null; then
    history=$(ls "$out"/state/check_datastore-*.history)
    "$here/../examples/learning/plot-history" "$history" 00000000-0000-5eed-0000-0000000000d1/used \
        --trend 7d -o "$out/datastore.png" >&2
    vm=$(ls "$out"/state/check_vm_cpu-*.history)
    key=$("$here/../examples/learning/plot-history" "$vm" | awk '$1 == "baseline" {print $2; exit}')
    "$here/../examples/learning/plot-history" "$vm" "$key" -o "$out/vm_cpu.png" >&2
fi
log "results in $out"
