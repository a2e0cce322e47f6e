#!/usr/bin/env bash
# Builds the fuzz targets with clang (libFuzzer needs it) in their own build directory and
# runs one for a bounded time. Usage: run.sh BUILD_DIR [SECONDS] [range|cgroup|libvirt_rpc|alert_output|alert_config] [RUNS]
# With RUNS the run ends after that many inputs instead (e.g. 1000000 for a nightly-sized run).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(mkdir -p "${1:?build dir}" && cd "$1" && pwd)
seconds=${2:-30}
target=${3:-range}
cmake -S "$root" -B "$build" -DVIRTCHECK_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
runs=${4:-}
cmake --build "$build" --target "fuzz_$target" -j2 >/dev/null
corpus=$build/corpus-$target
mkdir -p "$corpus"
seed() { printf "$1" "$2" > "$corpus/$(printf '%s' "$2" | md5sum | cut -c1-12)"; }
case $target in
range) # the guideline examples and the unit forms, after a byte that picks the unit
  for s in 10 10: '~:10' 10:20 @10:20 500ms 10GiB: 80% 7d 1h:7d '@~:0' -10:-5; do seed '\001%s' "$s"; done
  max_len=64 ;;
cgroup) # the shapes of the interface files
  for s in 'usage_usec 5000\nnr_periods 10\nnr_throttled 2\n' 'max 100000' '50000 100000' 'max' '1048576' \
    'some avg10=1.50 avg60=0.00 avg300=0.00 total=100\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n' \
    '41 23 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n' 'machine-qemu\\x2d1\\x2dweb.scope'; do
    seed '%b' "$s"
  done
  max_len=512 ;;
libvirt_rpc) # the replies a real libvirtd gave, each alone and as conversations, and its XML
  cmake --build "$build" --target fuzz_libvirt_rpc_seeds -j2 >/dev/null
  "$build/fuzz_libvirt_rpc_seeds" "$root/tests/fixtures/libvirt-rpc" "$corpus" >/dev/null
  max_len=16384 ;;
alert_output) # what checks print: virtcheck's shape, Nagios 3 multi-line perfdata, hostile bytes
  for s in 'VM_STATE CRITICAL - 1 of 8 VMs CRITICAL: web-03 crashed | a=1;;;0\n[CRITICAL] web-03\n' \
    'DISK OK: ok | /=1GB\nline\nmore | /var=2GB\n/home=3GB\n' 'PING OK' 'x\r\nBcc: a@b\x1b[2J\xff' ''; do
    seed '%b' "$s"
  done
  max_len=4096 ;;
alert_config) # the issue's shape and every notifier type
  seed '%b' '[defaults]\ndatabase = "a.db"\nattempts = 3\nrenotify = "2h"\nnotify = ["ops"]\n[notifier.ops]\ntype = "smtp"\nurl = "smtp://127.0.0.1:25"\nfrom = "v@k"\nto = ["o@e.org"]\n[[service]]\nname = "s"\ncommand = ["check_vm_state", "--uri", "qemu:///system"]\n'
  seed '%b' '[notifier.w]\ntype = "webhook"\nurl = "https://h/x"\ntemplate = '"'"'{"text": "{{subject}}"}'"'"'\nheaders = { X-A = "b" }\n[notifier.c]\ntype = "command"\ncommand = ["/bin/true"]\nevents = ["CRITICAL"]\n[notifier.m]\ntype = "sendmail"\nfrom = "a@b"\nto = ["c@d"]\n[[service]]\nname = "s"\ncommand = ["x"]\ninterval = "5m"\nflap_changes = 4\n'
  max_len=2048 ;;
*) echo "run.sh: no fuzz target '$target'" >&2; exit 2 ;;
esac
limit=(-max_total_time="$seconds")
[ -n "$runs" ] && limit=(-runs="$runs")
"$build/fuzz_$target" "${limit[@]}" -max_len="$max_len" -print_final_stats=1 "$corpus" 2>&1 | tail -n 12
