#!/usr/bin/env bash
# Benchmark the native libvirt client: check_hypervisor, check_vm_state and check_vm_cpu on
# qemu:///system through the native client (the default there) and through libvirt.so
# (--libvirt-client library), against the libvirt C floors (bench/floor/check_*_floor.c) and
# the raw-protocol floor (bench/floor/raw_rpc_floor.c: the same calls as hand-made RPC
# messages); wall time from interleaved rounds, instructions (callgrind), max RSS. Then the
# same with as many tiny transient VMs as the machine allows, for the cost of each VM.
# See bench/README.md.
#
#   flock /tmp/vc-libvirtd.lock bench/native.sh [BUILD_DIR]    (as root; default ./build)
#
# Environment:
#   BENCH_ROUNDS=40 BENCH_WARMUP=3   interleaved rounds per case (each runs every program once)
#   BENCH_ROUNDS_MANY=15             rounds of the many-VM cases
#   BENCH_RSS_RUNS=3                 runs per program for the max-RSS column (the largest counts)
#   BENCH_CALLGRIND=1                instructions per program, one run under callgrind (0: skip)
#   BENCH_VMS=auto                   VMs for the many-VM cases: auto (as many as memory and CPU
#                                    allow, at most 1000), a number, or 0 to skip them
#   BENCH_STRICT=1                   exit 1 when a target is missed
#
# A real libvirtd with one running VM is started through tests/peers/libvirtd.sh and stopped
# on exit (one already running is reused and left running). The many-VM cases add transient
# VMs named vc-bench-N, destroyed on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=$(realpath -m "${1:-$repo/build}")
out=$build/bench/native
rounds=${BENCH_ROUNDS:-40}
rounds_many=${BENCH_ROUNDS_MANY:-15}
warmup=${BENCH_WARMUP:-3}
rss_runs=${BENCH_RSS_RUNS:-3}
callgrind=${BENCH_CALLGRIND:-1}
want_vms=${BENCH_VMS:-auto}
peer=$repo/tests/peers/libvirtd.sh
py=/usr/bin/python3
uri=qemu:///system

die() { echo "bench/native.sh: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

"$repo/scripts/install-deps.sh" bench >&2
for tool in hyperfine cc pkg-config timeout /usr/bin/time virsh "$py"; do
    command -v "$tool" >/dev/null || die "$tool not found"
done
if [[ $callgrind == 1 ]]; then command -v valgrind >/dev/null || die "valgrind not found (BENCH_CALLGRIND=1)"; fi
checks=(check_hypervisor check_vm_state check_vm_cpu)
for check in "${checks[@]}"; do
    [[ -x $build/plugins/$check ]] || die "$build/plugins/$check not found: build virtcheck first"
done
[[ -e $build/modules/virtcheck-libvirt-native.so ]] || die "$build/modules/virtcheck-libvirt-native.so not built"
rm -rf "$out"
mkdir -p "$out"

# --- the floors ----------------------------------------------------------------------------
for check in "${checks[@]}"; do
    log "building the libvirt C floor ${check}_floor"
    # shellcheck disable=SC2046  # pkg-config's output is words
    cc -O2 -o "$out/${check}_floor" "$here/floor/${check}_floor.c" $(pkg-config --cflags --libs libvirt)
done
log "building the raw-protocol floor raw_rpc_floor (static)"
cc -O2 -static -o "$out/raw_rpc_floor" "$here/floor/raw_rpc_floor.c"

# --- the daemon, and the VMs of the many-VM cases ------------------------------------------
state=
daemon_note=
bench_vms=()
source "$here/common.sh"
cleanup() {
    local rc=$? vm
    for vm in "${bench_vms[@]}"; do timeout 30 virsh -q -c "$uri" destroy "$vm" >/dev/null 2>&1 || true; done
    if [[ -n $state ]]; then
        log "stopping libvirtd"
        if "$peer" stop "$state" >&2 && ! stray_daemons; then rm -rf "$state"; else rc=1; fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
start_daemon

# check_vm_cpu keeps a state file: its own directory, primed before anything is timed.
export VIRTCHECK_STATE_DIR=$out/state
mkdir -p "$VIRTCHECK_STATE_DIR"

# The programs of a case: NAME<TAB>COMMAND (words separated by single spaces).
programs() {
    local check=$1 mode=${1#check_}
    printf 'native\t%s\n' "$build/plugins/$check --uri $uri"
    printf 'libvirt.so\t%s\n' "$build/plugins/$check --uri $uri --libvirt-client library"
    printf 'libvirt C floor\t%s\n' "$out/${check}_floor --uri $uri"
    printf 'raw-protocol floor\t%s\n' "$out/raw_rpc_floor $mode"
}

# run_case TAG CHECK ROUNDS: pre-flight, timed rounds, max RSS, instructions into $out/TAG.*
run_case() {
    local tag=$1 check=$2 case_rounds=$3 name cmd r i line rc kib best
    local -a names=() cmds=() argv
    while IFS=$'\t' read -r name cmd; do names+=("$name") cmds+=("$cmd"); done < <(programs "$check")
    log "$tag: pre-flight"
    for i in "${!cmds[@]}"; do
        read -ra argv <<<"${cmds[$i]}"
        rc=0
        line=$(timeout 60 "${argv[@]}" 2>&1 | head -c 300) || rc=$?
        printf '   %-20s %s\n' "${names[$i]}" "${line%%|*}" >&2
        [[ $rc -eq 0 && $line == *" OK - "* ]] || die "$tag: ${names[$i]} did not say OK (exit $rc)"
    done
    log "$tag: $case_rounds interleaved rounds after $warmup warmup rounds"
    mkdir -p "$out/$tag.rounds"
    for ((r = -warmup; r < case_rounds; r++)); do
        local -a args=()
        for ((i = 0; i < ${#cmds[@]}; i++)); do # the order rotates from round to round
            local k=$(((i + r + warmup) % ${#cmds[@]}))
            args+=(-n "${names[$k]}" "${cmds[$k]}")
        done
        local json=/dev/null
        ((r >= 0)) && json=$out/$tag.rounds/$r.json
        hyperfine -N --runs 1 --style none --export-json "$json" "${args[@]}" >/dev/null 2>&1 ||
            die "$tag: a timed run failed (round $r)"
    done
    log "$tag: max RSS ($rss_runs runs each)"
    for i in "${!cmds[@]}"; do
        read -ra argv <<<"${cmds[$i]}"
        best=0
        for ((r = 0; r < rss_runs; r++)); do
            timeout 60 /usr/bin/time -f %M -o "$out/.rss" "${argv[@]}" >/dev/null 2>&1 || die "$tag: ${names[$i]} failed"
            kib=$(tail -n 1 "$out/.rss")
            ((kib > best)) && best=$kib
        done
        printf '%s\t%s\n' "${names[$i]}" "$best"
    done >"$out/$tag.rss"
    if [[ $callgrind == 1 ]]; then
        log "$tag: instructions (callgrind, one run each)"
        for i in "${!cmds[@]}"; do
            read -ra argv <<<"${cmds[$i]}"
            # A check's 10 s timeout would end a run that valgrind slows down 50-fold.
            [[ ${argv[0]} == "$build"/plugins/* ]] && argv+=(-t 600)
            timeout 600 valgrind --tool=callgrind --callgrind-out-file="$out/$tag.callgrind.$i" "${argv[@]}" \
                >/dev/null 2>&1 || die "$tag: ${names[$i]} failed under callgrind"
            printf '%s\t%s\n' "${names[$i]}" "$(awk '/^summary:/ {print $2}' "$out/$tag.callgrind.$i")"
        done >"$out/$tag.ir"
    fi
}

vm_count() { virsh -q -c "$uri" list --state-running --name | grep -c . || true; }

# check_vm_cpu's first run stores a sample: time it from its second on, as it runs in production.
prime() { "$build/plugins/check_vm_cpu" --uri "$uri" >/dev/null 2>&1 || true; }

prime
for check in "${checks[@]}"; do run_case "${check#check_}-1" "$check" "$rounds"; done
echo "$(vm_count)" >"$out/vms-1"

# --- many VMs ------------------------------------------------------------------------------
# Tiny transient VMs idling in SeaBIOS (16 MiB, no disk, no NIC), added until BENCH_VMS, 1000,
# free memory (4 GiB kept free) or CPU (their QEMU processes over one core together) stop it.
qemu_cpu_percent() {
    local pids ticks1 ticks2
    pids=$(pgrep -d, -f 'guest=vc-bench-' || true)
    [[ -n $pids ]] || { echo 0; return; }
    ticks1=$(ps -o cputimes= -p "$pids" 2>/dev/null | awk '{s+=$1} END {print s+0}')
    sleep 5
    ticks2=$(ps -o cputimes= -p "$pids" 2>/dev/null | awk '{s+=$1} END {print s+0}')
    echo $(((ticks2 - ticks1) * 100 / 5))
}
many_note=
if [[ $want_vms != 0 ]]; then
    limit=1000
    [[ $want_vms != auto ]] && limit=$want_vms
    mkdir -p "$out/vms"
    stop_reason="the limit of $limit"
    for ((n = 1; n <= limit; n++)); do
        avail=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)
        if [[ $want_vms == auto ]] && ((avail < 4 * 1024 * 1024)); then
            stop_reason="free memory (MemAvailable $((avail / 1024)) MiB, 4 GiB kept free)"
            break
        fi
        if [[ $want_vms == auto ]] && ((n % 25 == 0)); then
            cpu=$(qemu_cpu_percent)
            if ((cpu > 100)); then stop_reason="CPU (the VMs used ${cpu}% of a core together)"; break; fi
        fi
        name=$(printf 'vc-bench-%04d' "$n")
        cat >"$out/vms/$name.xml" <<EOF
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>16</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices><memballoon model='none'/></devices>
</domain>
EOF
        if ! timeout 60 virsh -q -c "$uri" create "$out/vms/$name.xml" >/dev/null 2>"$out/vms/$name.err"; then
            stop_reason="libvirt refused VM $n: $(head -c 200 "$out/vms/$name.err")"
            break
        fi
        bench_vms+=("$name")
        ((n % 50 == 0)) && log "$n VMs running"
    done
    log "${#bench_vms[@]} VMs added; stopped by $stop_reason"
    many_note="${#bench_vms[@]} VMs added (16 MiB, idle in SeaBIOS); stopped by $stop_reason"
    echo "$(vm_count)" >"$out/vms-many"
    prime
    for check in "${checks[@]}"; do run_case "${check#check_}-many" "$check" "$rounds_many"; done
fi

# --- the report ----------------------------------------------------------------------------
report=$out/native.md
rc=0
"$py" - "$out" "$daemon_note" "$many_note" "$rounds" "$rounds_many" "$warmup" >"$report" <<'PY' || rc=$?
import glob, json, os, platform, statistics, subprocess, sys

out, daemon_note, many_note, rounds, rounds_many, warmup = sys.argv[1:7]
NAMES = ["native", "libvirt.so", "libvirt C floor", "raw-protocol floor"]

def load(tag):
    times = {n: [] for n in NAMES}
    for path in glob.glob(os.path.join(out, tag + ".rounds", "*.json")):
        for r in json.load(open(path))["results"]:
            times[r["command"]].extend(r["times"])
    def table(suffix):
        path = os.path.join(out, tag + suffix)
        if not os.path.exists(path):
            return {}
        return {l.split("\t")[0]: int(l.split("\t")[1]) for l in open(path) if l.strip()}
    return times, table(".rss"), table(".ir")

def vms(which):
    path = os.path.join(out, "vms-" + which)
    return int(open(path).read()) if os.path.exists(path) else 0

libvirt = subprocess.run(["pkg-config", "--modversion", "libvirt"], capture_output=True, text=True).stdout.strip()
load_avg = open("/proc/loadavg").read().split()[:3]
print("# The native libvirt client against libvirt.so and two floors\n")
print("qemu:///system on the real libvirtd (%s), libvirt %s; host %s, %d CPUs, load average at the "
      "end %s. Wall: median and minimum of %s interleaved rounds (%s with many VMs) after %s warmup "
      "rounds, every program once per round in rotating order (hyperfine -N). Instructions: one "
      "run under callgrind. RSS: largest of several runs (/usr/bin/time).\n"
      % (daemon_note, libvirt, platform.node(), os.cpu_count(), " ".join(load_avg), rounds, rounds_many, warmup))

missed = []
results = {}
for check in ["hypervisor", "vm_state", "vm_cpu"]:
    for size in ["1", "many"]:
        tag = "%s-%s" % (check, size)
        if not os.path.isdir(os.path.join(out, tag + ".rounds")):
            continue
        times, rss, ir = load(tag)
        results[tag] = (times, rss, ir)
        floor_wall = statistics.median(times["libvirt C floor"])
        raw_ir = ir.get("raw-protocol floor")
        print("## check_%s, %d running VMs\n" % (check, vms(size)))
        print("| program | wall median ms | wall min ms | × libvirt C floor | instructions | × raw floor | max RSS MiB |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name in NAMES:
            t = times[name]
            med = statistics.median(t)
            i = ir.get(name)
            print("| %s | %.2f | %.2f | %.2f× | %s | %s | %.1f |" % (
                name, med * 1e3, min(t) * 1e3, med / floor_wall,
                "{:,}".format(i) if i else "-", "%.2f×" % (i / raw_ir) if i and raw_ir else "-",
                rss.get(name, 0) / 1024))
        print()

def target(text, ok, figure):
    if not ok:
        missed.append(text)
    print("- %s: **%s** (%s)" % (text, "PASS" if ok else "MISS", figure))

print("## Targets\n")
for check in ["hypervisor", "vm_state", "vm_cpu"]:
    if check + "-1" not in results:
        continue
    times, rss, ir = results[check + "-1"]
    med = statistics.median(times["native"])
    floor = statistics.median(times["libvirt C floor"])
    target("check_%s native ≤ 4 ms wall" % check, med <= 0.004, "median %.2f ms" % (med * 1e3))
    target("check_%s native ≥ 4× faster than the libvirt C floor" % check, floor / med >= 4,
           "%.1f×" % (floor / med))
    if ir:
        ratio = ir["native"] / ir["raw-protocol floor"]
        target("check_%s native ≤ 1.5× the raw-protocol floor in instructions" % check, ratio <= 1.5,
               "%.2f×: %s against %s" % (ratio, "{:,}".format(ir["native"]), "{:,}".format(ir["raw-protocol floor"])))
    target("check_%s native ≤ 3 MiB RSS with one VM" % check, rss["native"] <= 3 * 1024,
           "%.1f MiB" % (rss["native"] / 1024))
n1, nm = vms("1"), vms("many")
at_1000_native = []
if nm > n1:
    print("\n## Cost per VM (%s)\n" % many_note)
    print("| check | program | instructions per VM | RSS per VM KiB | RSS at 1,000 VMs MiB |")
    print("| --- | --- | ---: | ---: | ---: |")
    for check in ["hypervisor", "vm_state", "vm_cpu"]:
        if check + "-many" not in results:
            continue
        _, rss1, ir1 = results[check + "-1"]
        _, rssm, irm = results[check + "-many"]
        for name in NAMES:
            per_vm = (irm[name] - ir1[name]) / (nm - n1) if irm and ir1 else None
            rss_per_vm = (rssm[name] - rss1[name]) / (nm - n1)
            at_1000 = rss1[name] + rss_per_vm * (1000 - n1)
            print("| check_%s | %s | %s | %.1f | %.1f%s |" % (
                check, name, "{:,.0f}".format(per_vm) if per_vm is not None else "-", rss_per_vm,
                at_1000 / 1024, "" if nm >= 1000 else " (extrapolated)"))
            if name == "native" and check != "hypervisor":
                at_1000_native.append((check, at_1000))
    print()
    for check, at_1000 in at_1000_native:
        target("check_%s native ≤ 8 MiB RSS with 1,000 VMs" % check, at_1000 <= 8 * 1024,
               "%.1f MiB%s" % (at_1000 / 1024, "" if nm >= 1000 else ", extrapolated from %d VMs" % nm))
sys.exit(4 if missed else 0)
PY
rm -f "$out/.rss"
[[ $rc -eq 0 || $rc -eq 4 ]] || die "writing the report failed"
cat "$report"
echo "(written to $report; raw data next to it)" >&2
if [[ ${BENCH_STRICT:-0} == 1 && $rc -ne 0 ]]; then exit 1; fi
