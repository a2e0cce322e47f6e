#!/usr/bin/env bash
# Benchmark the vSphere modes of every check that has one against govmomi's simulator, side by
# side with the same reads written with pyVmomi (bench/python/vsphere_check.py, what
# check_vsphere users run) and with the floor: a minimal C program that sends the very HTTP
# requests virtcheck sent (recorded by the simulator) with libcurl and parses nothing
# (bench/floor/vsphere_floor.c). See bench/README.md.
#
#   bench/vsphere.sh [BUILD_DIR]        (default BUILD_DIR: <repo>/build)
#
# Environment:
#   BENCH_RUNS=30 BENCH_PY_RUNS=10   interleaved wall-time runs per program (pyVmomi: fewer)
#   BENCH_RSS_RUNS=3                 runs per program for the max-RSS column
#   BENCH_CALLGRIND=1                also count the instructions of virtcheck and the floor
#   BENCH_STRICT=1                   exit 1 when a target is missed
#
# Two simulators of its own (tests/peers/vcsim.sh, built into BUILD_DIR/bench): an ESXi host
# with 10 VMs on 127.0.0.1:18450 (control 18451, 18452 unused) and one with 1,000 VMs on
# 18453 (18454, 18455); both are stopped on exit. virtcheck runs warm: its session and the
# counter ids are cached from a first run (the state directory is BUILD_DIR/bench), so each
# measured run makes only its reads; pyVmomi logs in and out every run, as check_vsphere does.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=$(realpath -m "${1:-$repo/build}")
out=$build/bench
runs=${BENCH_RUNS:-30}
py_runs=${BENCH_PY_RUNS:-10}
rss_runs=${BENCH_RSS_RUNS:-3}
callgrind=${BENCH_CALLGRIND:-0}
strict=${BENCH_STRICT:-0}
py=/usr/bin/python3
run_limit=120

die() { echo "bench/vsphere.sh: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

"$repo/scripts/install-deps.sh" bench >&2
for tool in cc curl timeout $py; do command -v "$tool" >/dev/null || die "$tool not found"; done
$py -c 'import pyVmomi' 2>/dev/null || die "pyVmomi not importable by $py (package python3-pyvmomi)"
if [[ $callgrind == 1 ]]; then command -v valgrind >/dev/null || die "valgrind not found (BENCH_CALLGRIND=1)"; fi

checks=(check_hypervisor check_vm_state check_vm_cpu check_vm_memory check_vm_disk check_vm_net
    check_host_cpu check_host_memory check_datastore check_vm_snapshot)
for check in "${checks[@]}"; do
    [[ -x $build/plugins/$check ]] || die "$build/plugins/$check not found: build virtcheck first"
done
[[ -e $build/modules/virtcheck-vsphere.so ]] || die "$build/modules/virtcheck-vsphere.so not found"
mkdir -p "$out"
rm -rf "$out"/vsphere-run.* "$out/state-vsphere"
work=$(mktemp -d "$out/vsphere-run.XXXXXX")
export VIRTCHECK_STATE_DIR=$out/state-vsphere VIRTCHECK_VSPHERE_PASSWORD=vcpass
mkdir -p "$VIRTCHECK_STATE_DIR"

log "building the floor: $out/vsphere_floor"
cc -O2 -o "$out/vsphere_floor" "$here/floor/vsphere_floor.c" -lcurl

# --- the simulators ---------------------------------------------------------
peer=$repo/tests/peers/vcsim.sh
sims=()
cleanup() {
    local rc=$? dir
    for dir in "${sims[@]}"; do "$peer" stop "$dir" >&2 || rc=1; done
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log "building the simulator"
"$peer" build "$out/vcsim-build" >&2
export VCSIM_BIN=$out/vcsim-build/vcsim
start_sim() { # start_sim NAME PORT VMS
    local dir=$work/$1
    sims+=("$dir")
    "$peer" start "$dir" esx "$2" "$3" >&2
}
start_sim vms10 18450 10
start_sim vms1000 18453 1000

url() { echo "https://127.0.0.1:$1/sdk"; }
ctl() { curl -sSf -XPOST "http://127.0.0.1:$(($1 + 1))$2" >/dev/null; }
logins() { curl -sSf "http://127.0.0.1:$(($1 + 1))/stats" | $py -c 'import json,sys; print(json.load(sys.stdin)["methods"].get("Login", 0))'; }

# What the checks are asked: every figure of the check with a threshold or two, as a
# monitoring system would ask it.
declare -A extra=(
    [check_hypervisor]="-w 1s -c 5s"
    [check_vm_state]=""
    [check_vm_cpu]="-w 90 -w ready=5 -c ready=10"
    [check_vm_memory]="-w 90 -w swapped=0"
    [check_vm_disk]="-w latency=20ms"
    [check_vm_net]="-w 50MiB/s"
    [check_host_cpu]="-w 80 -w overcommit=8"
    [check_host_memory]="-w 90"
    [check_datastore]="-w 90"
    [check_vm_snapshot]="-w 30d"
)
mode_of() { local m=${1#check_}; echo "$m"; }

# virtcheck PORT CHECK: the command line of a warm virtcheck run.
virtcheck() {
    # shellcheck disable=SC2086  # the extra arguments are words
    echo "$build/plugins/$2 --vsphere $(url "$1") --user vcuser --ca-file $work/vms${3}/ca.pem ${extra[$2]}"
}

# --- per simulator: requests, the recorded floor, logins --------------------
declare -A requests floor_cmd py_cmd vc_cmd
for size in 10 1000; do
    port=$([[ $size == 10 ]] && echo 18450 || echo 18453)
    for check in "${checks[@]}"; do
        tag=$size-$check
        cmd=$(virtcheck "$port" "$check" "$size")
        # A first run logs in and caches the counter ids; it is not measured.
        timeout "$run_limit" $cmd >/dev/null || true
        before=$(logins "$port")
        ctl "$port" "/record?on=1"
        line=$(timeout "$run_limit" $cmd -vv | grep -o 'vSphere session [^:]*: [0-9]* HTTP requests, [0-9]* login[s]*' || true)
        ctl "$port" "/record?on=0"
        after=$(logins "$port")
        curl -sSf "http://127.0.0.1:$((port + 1))/recorded" >"$work/$tag.recorded.json"
        bodies=$($py - "$work/$tag.recorded.json" "$work/$tag" <<'EOF'
import json, sys
recorded = json.load(open(sys.argv[1]))
cookie = recorded[0]["cookie"] if recorded else ""
names = []
for i, r in enumerate(recorded):
    name = "%s.body%d.xml" % (sys.argv[2], i)
    open(name, "w").write(r["body"])
    names.append(name)
print(cookie, " ".join(names))
EOF
)
        cookie=${bodies%% *} files=${bodies#* }
        n=$($py -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/$tag.recorded.json")
        requests[$tag]="$n|$((after - before))|$line"
        vc_cmd[$tag]=$cmd
        floor_cmd[$tag]="$out/vsphere_floor $(url "$port") $work/vms${size}/ca.pem $cookie $files"
        py_cmd[$tag]="$py $here/python/vsphere_check.py $(mode_of "$check") $(url "$port") vcuser"
        printf '   %-5s %-18s %s requests (server), %s logins (server); %s\n' "$size" "$check" "$n" \
            "$((after - before))" "${line:-no -vv line}" >&2
    done
done

# Each program once: the exit code and line 1.
preflight() {
    local tag=$1 prog rc first
    for prog in "${vc_cmd[$tag]}" "${floor_cmd[$tag]}" "${py_cmd[$tag]}"; do
        rc=0
        first=$(timeout "$run_limit" $prog 2>&1 | head -n 1) || rc=$?
        printf '   %.160s\n' "$first" >&2
    done
}

# --- wall times, interleaved: each round runs virtcheck, floor and pyVmomi once -----
times() { # times TAG: prints "virtcheck_median floor_median python_median" in ms
    $py - "$runs" "$py_runs" "${vc_cmd[$1]}" "${floor_cmd[$1]}" "${py_cmd[$1]}" <<'EOF'
import shlex, signal, statistics, subprocess, sys, time
runs, py_runs = int(sys.argv[1]), int(sys.argv[2])
cmds = [shlex.split(c) for c in sys.argv[3:6]]
samples = [[], [], []]
# Not subprocess.run(timeout=...): with a timeout, Python polls the child with doubling
# sleeps (0.5 ms up to 50 ms), and every time is rounded up to the next poll (15.5, 31.5,
# 63.5, 113.5 ms...). A blocking wait under an alarm measures the run itself.
def on_alarm(*_):
    raise TimeoutError
signal.signal(signal.SIGALRM, on_alarm)
def timed(cmd):
    t = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    signal.alarm(120)
    try:
        child.wait()
    except TimeoutError:
        child.kill()
        child.wait()
        sys.exit("timed out after 120 s: " + " ".join(cmd))
    finally:
        signal.alarm(0)
    return (time.perf_counter() - t) * 1000
for i in range(runs):
    for k, cmd in enumerate(cmds):
        if k == 2 and i >= py_runs:
            continue
        samples[k].append(timed(cmd))
print(" ".join("%.2f" % statistics.median(s) for s in samples))
EOF
}

max_rss() { # KiB, the largest of BENCH_RSS_RUNS runs
    local i kib best=0
    for ((i = 0; i < rss_runs; i++)); do
        timeout "$run_limit" /usr/bin/time -f %M -o "$work/.rss" "$@" >/dev/null 2>&1 || true
        kib=$(tail -n 1 "$work/.rss")
        ((kib > best)) && best=$kib
    done
    echo "$best"
}

instructions() { # instructions COMMAND...: callgrind's total
    timeout 600 valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$@" >/dev/null 2>"$work/.cg" || true
    grep -o 'Collected : [0-9]*' "$work/.cg" | awk '{print $3}'
}

log "wall times: $runs interleaved rounds (pyVmomi: $py_runs), medians"
results=()
missed=0
for size in 10 1000; do
    for check in "${checks[@]}"; do
        tag=$size-$check
        preflight "$tag"
        read -r t_vc t_floor t_py <<<"$(times "$tag")"
        # shellcheck disable=SC2086
        rss_vc=$(max_rss ${vc_cmd[$tag]}) rss_floor=$(max_rss ${floor_cmd[$tag]}) rss_py=$(max_rss ${py_cmd[$tag]})
        ir_vc=- ir_floor=-
        if [[ $callgrind == 1 ]]; then
            # shellcheck disable=SC2086
            ir_vc=$(instructions ${vc_cmd[$tag]} -t 600) ir_floor=$(instructions ${floor_cmd[$tag]})
        fi
        IFS='|' read -r n server_logins line <<<"${requests[$tag]}"
        results+=("$size|$check|$n|$server_logins|$t_vc|$t_floor|$t_py|$rss_vc|$rss_floor|$rss_py|$ir_vc|$ir_floor")
        printf '   %-5s %-18s virtcheck %7s ms  floor %7s ms  pyVmomi %8s ms\n' "$size" "$check" "$t_vc" "$t_floor" "$t_py" >&2
    done
done

# --- the report ---------------------------------------------------------------
echo
echo "vSphere benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "virtcheck warm (cached session and counter ids); floor: the same HTTP requests with libcurl;"
echo "pyVmomi: the same reads, login and logout per run. Wall times: medians of interleaved runs."
echo
printf '%-5s %-18s %4s %6s | %9s %9s %9s | %6s %6s | %7s %7s %7s | %11s %11s\n' VMs check reqs logins \
    "vc ms" "floor ms" "py ms" "vc/fl" "py/vc" "vc KiB" "fl KiB" "py KiB" "vc Ir" "floor Ir"
for r in "${results[@]}"; do
    IFS='|' read -r size check n logins t_vc t_floor t_py rss_vc rss_floor rss_py ir_vc ir_floor <<<"$r"
    ratio=$($py -c "print('%.2f' % ($t_vc / $t_floor))")
    speedup=$($py -c "print('%.1f' % ($t_py / $t_vc))")
    printf '%-5s %-18s %4s %6s | %9s %9s %9s | %6s %6s | %7s %7s %7s | %11s %11s\n' "$size" "$check" "$n" "$logins" \
        "$t_vc" "$t_floor" "$t_py" "$ratio" "$speedup" "$rss_vc" "$rss_floor" "$rss_py" "$ir_vc" "$ir_floor"
    $py -c "import sys; sys.exit(0 if $t_vc <= 1.2 * $t_floor else 1)" || missed=1
    $py -c "import sys; sys.exit(0 if $t_py >= 10 * $t_vc else 1)" || missed=1
    [[ $logins == 0 ]] || missed=1
done
echo
echo "Requests at 10 and at 1,000 VMs (same check, warm):"
for check in "${checks[@]}"; do
    a=${requests[10-$check]%%|*} b=${requests[1000-$check]%%|*}
    printf '  %-18s %3s %3s %s\n' "$check" "$a" "$b" "$([[ $a == "$b" ]] && echo same || echo DIFFERENT)"
    [[ $a == "$b" ]] || missed=1
done
echo
echo "Targets: virtcheck <= 1.2x the floor, pyVmomi >= 10x slower, the same requests at 10 and 1,000 VMs,"
echo "no login on a reused session: $([[ $missed == 0 ]] && echo "all met" || echo "NOT ALL MET")"
[[ $strict == 1 && $missed == 1 ]] && exit 1
exit 0
