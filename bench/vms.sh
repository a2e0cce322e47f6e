#!/usr/bin/env bash
# Benchmark check_vm_state and check_vm_cpu at 1, 100 and 1,000 VMs (libvirt's
# test driver) and against a real libvirtd with one QEMU VM, side by side with
# the same checks written as minimal C programs (the floors), in Python
# (python3-libvirt) and in Perl (Sys::Virt + Monitoring::Plugin).
# See bench/README.md.
#
#   bench/vms.sh [BUILD_DIR]        (default BUILD_DIR: <repo>/build)
#
# Environment:
#   BENCH_RUNS=30 BENCH_WARMUP=3            hyperfine runs / warmup runs per command
#   BENCH_RUNS_1000=20 BENCH_WARMUP_1000=3  the same at 1,000 VMs (~0.3 s a run)
#   BENCH_RSS_RUNS=3                        runs per command for the max-RSS column
#   BENCH_CALLGRIND=1                       also count the instructions virtcheck and the
#                                           floors execute (valgrind; adds ~2 minutes)
#   BENCH_STRICT=1                          exit 1 when a target is missed
#
# The test driver's node files (node-N.xml) are written to BUILD_DIR/bench/.
# A real libvirtd with one running VM is started through
# tests/peers/libvirtd.sh after the test-driver runs and stopped on exit.  If
# a libvirtd is already running on this machine it is reused as it is and
# left running.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=$(realpath -m "${1:-$repo/build}")
out=$build/bench
runs=${BENCH_RUNS:-30}
warmup=${BENCH_WARMUP:-3}
runs_1000=${BENCH_RUNS_1000:-20}
warmup_1000=${BENCH_WARMUP_1000:-3}
rss_runs=${BENCH_RSS_RUNS:-3}
callgrind=${BENCH_CALLGRIND:-0}
peer=$repo/tests/peers/libvirtd.sh
sizes=(1 100 1000)

die() { echo "bench/vms.sh: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

"$repo/scripts/install-deps.sh" bench >&2

# Debian's interpreters, not whatever python3 comes first in PATH (pyenv, venvs):
# python3-libvirt is installed for /usr/bin/python3 only.
py=/usr/bin/python3
for tool in hyperfine cc pkg-config $py /usr/bin/perl; do
    command -v "$tool" >/dev/null || die "$tool not found"
done
pkg-config --exists libvirt || die "libvirt development files not found (libvirt-dev)"
$py -c 'import libvirt' 2>/dev/null || die "python3-libvirt not installed"
/usr/bin/perl -MSys::Virt -MMonitoring::Plugin -MStorable -e 1 2>/dev/null ||
    die "Perl Sys::Virt / Monitoring::Plugin not installed (libsys-virt-perl, libmonitoring-plugin-perl)"

if [[ $callgrind == 1 ]]; then command -v valgrind >/dev/null || die "valgrind not found (BENCH_CALLGRIND=1)"; fi

checks=(check_vm_state check_vm_cpu)
for check in "${checks[@]}"; do
    [[ -x $build/plugins/$check ]] ||
        die "$build/plugins/$check not found: build virtcheck first (cmake -S $repo -B $build && cmake --build $build)"
done
mkdir -p "$out"
rm -f "$out"/vms-*.{json,rc,rss,ir} "$out"/callgrind-*.out

# The binaries under test (the checks and the backend module they load): if a
# build replaces them during the run, the figures mix two builds; the report says so.
binaries() {
    local f
    for f in "$build/plugins/check_vm_state" "$build/plugins/check_vm_cpu" "$build"/modules/*.so; do
        [[ -e $f ]] && stat -c '%n %Y %s' "$f"
    done
    return 0
}
binaries_before=$(binaries)

# --- state files -----------------------------------------------------------
# virtcheck's state directory, and the temporary directory the Python and Perl
# versions keep their state files in; emptied so every run starts the same.
rm -rf "$out/state"
mkdir -p "$out/state/virtcheck" "$out/state/tmp"
export VIRTCHECK_STATE_DIR=$out/state/virtcheck
export TMPDIR=$out/state/tmp

# --- the floors ------------------------------------------------------------
for check in "${checks[@]}"; do
    log "building the C floor: $out/${check}_floor"
    # shellcheck disable=SC2046  # pkg-config output must be split into words
    cc -O2 -o "$out/${check}_floor" "$here/floor/${check}_floor.c" $(pkg-config --cflags --libs libvirt)
done

names=(virtcheck floor python perl)
# progs CHECK: the four programs for CHECK, in the order of names
progs() {
    echo "$build/plugins/$1" "$out/${1}_floor" "$here/python/$1.py" "$here/perl/$1.pl"
}

# --- the test driver's node files -----------------------------------------
# N VMs of 64 MiB and 1 vCPU on a 64-thread host; VM i is shut off when
# i % 50 == 25 (1 in 50) and crashed when i % 100 == 0 (1 in 100).
write_node() {
    local n=$1 file=$out/node-$1.xml i runstate
    {
        echo "<node>"
        echo "<cpu><mhz>2400</mhz><nodes>1</nodes><sockets>2</sockets><cores>16</cores><threads>2</threads><active>64</active><model>x86_64</model></cpu>"
        echo "<memory>268435456</memory>"
        for ((i = 1; i <= n; i++)); do
            runstate=1
            if ((i % 100 == 0)); then runstate=6; elif ((i % 50 == 25)); then runstate=5; fi
            printf "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>vm%d</name><uuid>%08x-0000-4000-8000-%012x</uuid><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os><test:runstate>%d</test:runstate></domain>\n" \
                "$i" "$i" "$i" "$runstate"
        done
        echo "</node>"
    } >"$file"
}
for n in "${sizes[@]}"; do write_node "$n"; done

# --- the real daemon -------------------------------------------------------
state=
daemon_note="not started"
source "$here/common.sh"
cleanup() {
    local rc=$?
    if [[ -n $state ]]; then
        log "stopping libvirtd"
        # Keep the state directory (it holds the saved qemu.conf) if stop failed.
        if "$peer" stop "$state" >&2 && ! stray_daemons; then
            rm -rf "$state"
        else
            echo "bench/vms.sh: stopping libvirtd failed; state kept in $state" >&2
            rc=1
        fi
    fi
    rm -f "$out/.maxrss" "$out/.callgrind.log"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the runs --------------------------------------------------------------
# expected_rc CHECK TAG: the exit code every program must give.  check_vm_state
# is CRITICAL (2) when a VM crashed: 1 in 100 does at 100 and 1,000 VMs.
expected_rc() {
    [[ $1 == check_vm_state && ($2 == n100 || $2 == n1000) ]] && echo 2 || echo 0
}

# Each program once (twice for check_vm_cpu: the first run only stores its
# state file; the timed runs are the steady state that follows), checking
# the exit code and the status line.
preflight() {
    local check=$1 uri=$2 want=$3 i output rc prog word prefix
    local -a list
    read -ra list <<<"$(progs "$check")"
    word=$([[ $want == 2 ]] && echo CRITICAL || echo OK)
    prefix=${check#check_}
    prefix=${prefix^^}
    for i in "${!names[@]}"; do
        prog=${list[$i]}
        if [[ $check == check_vm_cpu ]]; then "$prog" --uri "$uri" >/dev/null 2>&1 || true; fi
        rc=0
        output=$("$prog" --uri "$uri" 2>&1) || rc=$?
        output=${output%%$'\n'*}
        printf '   %-10s %.150s\n' "${names[$i]}" "$output" >&2
        [[ $rc -eq $want && $output == "$prefix $word - "* ]] ||
            die "${names[$i]} $check failed against $uri (exit $rc, expected $want and a $prefix $word line)"
        [[ $check != check_vm_cpu || $output != *"first sample"* ]] ||
            die "${names[$i]} $check: still no state file after a run against $uri"
    done
}

# Max RSS (KiB) of one program: the largest of BENCH_RSS_RUNS runs.
max_rss() {
    local uri=$1 prog=$2 i kib best=0
    for ((i = 0; i < rss_runs; i++)); do
        /usr/bin/time -f %M -o "$out/.maxrss" "$prog" --uri "$uri" >/dev/null 2>&1 || true
        kib=$(tail -n 1 "$out/.maxrss")
        if ((kib > best)); then best=$kib; fi
    done
    echo "$best"
}

# Instructions executed by virtcheck and the floor (callgrind), written to
# vms-CHECK-TAG.ir: unlike wall time, not disturbed by other load on the machine.
# virtcheck gets -t 3600: under valgrind its default 10 s timeout would end
# the slowed-down run early.
count_instructions() {
    local check=$1 tag=$2 uri=$3 i ir
    local -a list opts
    read -ra list <<<"$(progs "$check")"
    log "$check, $uri: callgrind (virtcheck and floor)"
    for i in 0 1; do
        opts=()
        if ((i == 0)); then opts=(-t 3600); fi
        valgrind --tool=callgrind --callgrind-out-file="$out/callgrind-$check-$tag-${names[$i]}.out" \
            "${list[$i]}" "${opts[@]}" --uri "$uri" >/dev/null 2>"$out/.callgrind.log" || true
        ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/.callgrind.log")
        [[ -n $ir ]] || die "callgrind of ${names[$i]} $check against $uri failed (see $out/.callgrind.log)"
        echo "${names[$i]} $ir"
    done >"$out/vms-$check-$tag.ir"
}

# bench CHECK TAG URI [rss]
bench() {
    local check=$1 tag=$2 uri=$3 rss=${4:-} i want r=$runs w=$warmup
    local -a list args=() ignore=()
    read -ra list <<<"$(progs "$check")"
    want=$(expected_rc "$check" "$tag")
    if [[ $tag == n1000 ]]; then r=$runs_1000 w=$warmup_1000; fi
    log "$check, $uri: pre-flight"
    preflight "$check" "$uri" "$want"
    for i in "${!names[@]}"; do
        args+=(-n "${names[$i]}" "$(printf '%q --uri %q' "${list[$i]}" "$uri")")
    done
    # hyperfine stops at the first non-zero exit: -i where CRITICAL is the right answer.
    if [[ $want != 0 ]]; then ignore=(-i); fi
    log "$check, $uri: hyperfine ($w warmup, $r runs each${ignore:+, -i: exit $want expected})"
    hyperfine -N --style basic "${ignore[@]}" --warmup "$w" --runs "$r" \
        --export-json "$out/vms-$check-$tag.json" "${args[@]}" >&2
    echo "$want" >"$out/vms-$check-$tag.rc"
    if [[ -n $rss ]]; then
        log "$check, $uri: max RSS ($rss_runs runs each)"
        for i in "${!names[@]}"; do
            echo "${names[$i]} $(max_rss "$uri" "${list[$i]}")"
        done >"$out/vms-$check-$tag.rss"
    fi
    if [[ $callgrind == 1 ]]; then count_instructions "$check" "$tag" "$uri"; fi
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$SECONDS
for n in "${sizes[@]}"; do
    rss=
    if ((n == 1000)); then rss=rss; fi
    for check in "${checks[@]}"; do
        bench "$check" "n$n" "test://$out/node-$n.xml" "$rss"
    done
done
start_daemon
for check in "${checks[@]}"; do
    bench "$check" qemu qemu:///system rss
done
elapsed=$((SECONDS - started))
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
binaries_note=
if [[ $(binaries) != "$binaries_before" ]]; then
    binaries_note="the checks or their backend module were rebuilt during the run: figures mix two builds"
    echo "bench/vms.sh: WARNING: $binaries_note" >&2
fi

# --- the report ------------------------------------------------------------
report=$out/vms.md
rc=0
$py - "$out" "$daemon_note" "$runs" "$warmup" "$runs_1000" "$warmup_1000" "$rss_runs" \
    "$load_start" "$load_end" "$elapsed" "$binaries_note" >"$report" <<'PY' || rc=$?
import json, os, platform, subprocess, sys

(out, daemon_note, runs, warmup, runs_1000, warmup_1000, rss_runs, load_start, load_end, elapsed,
 binaries_note) = sys.argv[1:12]
CHECKS = ["check_vm_state", "check_vm_cpu"]
ORDER = ["virtcheck", "floor", "python", "perl"]
TAGS = [("n1", 1, "1 VM"), ("n100", 100, "100 VMs"), ("n1000", 1000, "1,000 VMs"),
        ("qemu", None, "qemu:///system, 1 VM")]
RSS_LIMIT_MIB = 12


def load(check, tag):
    with open(os.path.join(out, "vms-%s-%s.json" % (check, tag))) as f:
        results = {r["command"]: r for r in json.load(f)["results"]}
    with open(os.path.join(out, "vms-%s-%s.rc" % (check, tag))) as f:
        want = int(f.read())
    rss = {}
    path = os.path.join(out, "vms-%s-%s.rss" % (check, tag))
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                name, kib = line.split()
                rss[name] = int(kib)
    return results, want, rss


def ms(r):
    return "%.2f ± %.2f" % (r["mean"] * 1e3, r["stddev"] * 1e3)


def load_ir(check, tag):
    path = os.path.join(out, "vms-%s-%s.ir" % (check, tag))
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return {name: int(ir) for name, ir in (line.split() for line in f)}


libvirt_version = subprocess.run(["pkg-config", "--modversion", "libvirt"],
                                 capture_output=True, text=True).stdout.strip()
print("# check_vm_state / check_vm_cpu benchmark\n")
print("hyperfine -N: %s runs after %s warmup runs per command (%s after %s at 1,000 VMs); "
      "times are mean ± standard deviation in ms. Max RSS: largest of %s runs. Host: %s, %d CPUs, "
      "load average %s at the start, %s at the end; libvirt %s; %s; %s s in all.\n"
      % (runs, warmup, runs_1000, warmup_1000, rss_runs, platform.node(), os.cpu_count(),
         load_start, load_end, libvirt_version, daemon_note, elapsed))
if binaries_note:
    print("**Warning: %s.**\n" % binaries_note)
print("Test driver: `test:///…/node-N.xml`, N VMs with 1 vCPU, 1 in 50 shut off, 1 in 100 "
      "crashed; the driver parses the whole file on every connection, which is most of the "
      "time at 100 and 1,000 VMs and the same for all four programs. check_vm_state exits 2 "
      "(CRITICAL) at 100 and 1,000 VMs because of the crashed VMs, as all four programs should: "
      "those runs use hyperfine `-i`, and the exit code of every timed run is checked. "
      "check_vm_cpu runs in steady state: each program ran before the timing, so every timed "
      "run reads and rewrites its state file (virtcheck's also locked and fsync'ed).\n")

missed = []
for check in CHECKS:
    data = {}
    for tag, n, label in TAGS:
        res, want, rss = load(check, tag)
        data[tag] = (res, rss, load_ir(check, tag))
        for name in ORDER:
            codes = set(res[name].get("exit_codes") or [want])
            if codes != {want}:
                missed.append("%s %s at %s: exit codes %s, expected %d" % (name, check, label, sorted(codes), want))

    print("## %s\n" % check)
    print("| VMs | virtcheck ms | C floor ms | × floor | × floor (medians) | Python ms | Perl ms "
          "| Python ÷ virtcheck | Perl ÷ virtcheck |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for tag, n, label in TAGS:
        res = data[tag][0]
        v, f = res["virtcheck"], res["floor"]
        print("| %s | %s | %s | %.2f× | %.2f× | %s | %s | %.2f× | %.2f× |" % (
            label, ms(v), ms(f), v["mean"] / f["mean"], v["median"] / f["median"],
            ms(res["python"]), ms(res["perl"]), res["python"]["mean"] / v["mean"],
            res["perl"]["mean"] / v["mean"]))
    print()

    # Cost per VM: slope between the sizes, all four programs.
    print("Cost per VM in ms (difference of the means ÷ difference in VMs):\n")
    print("| program | 1 → 100 VMs | 100 → 1,000 VMs | ratio |")
    print("| --- | ---: | ---: | ---: |")
    slopes = {}
    for name in ORDER:
        t = {tag: data[tag][0][name]["mean"] * 1e3 for tag in ("n1", "n100", "n1000")}
        a = (t["n100"] - t["n1"]) / 99
        b = (t["n1000"] - t["n100"]) / 900
        slopes[name] = (a, b)
        print("| %s | %.3f | %.3f | %.2f |" % (name, a, b, b / a if a > 0 else float("nan")))
    print()

    ir = {tag: data[tag][2] for tag, _, _ in TAGS}
    if all(ir.values()):
        print("Instructions executed (callgrind, one run each, millions):\n")
        print("| VMs | virtcheck | C floor | × floor |")
        print("| --- | ---: | ---: | ---: |")
        for tag, n, label in TAGS:
            print("| %s | %.1f | %.1f | %.3f× |" % (label, ir[tag]["virtcheck"] / 1e6, ir[tag]["floor"] / 1e6,
                                                 ir[tag]["virtcheck"] / ir[tag]["floor"]))
        per_vm = {name: ((ir["n100"][name] - ir["n1"][name]) / 99, (ir["n1000"][name] - ir["n100"][name]) / 900)
                  for name in ("virtcheck", "floor")}
        print("\nInstructions per VM: virtcheck {:,.0f} (1 → 100 VMs), {:,.0f} (100 → 1,000 VMs); "
              "C floor {:,.0f}, {:,.0f}. Profiles: `callgrind-{}-*.out` (callgrind_annotate --inclusive=yes).\n"
              .format(*per_vm["virtcheck"], *per_vm["floor"], check))

    rss_1000, rss_qemu = data["n1000"][1], data["qemu"][1]
    print("Max RSS (MiB):\n")
    print("| program | 1,000 VMs (test driver) | qemu:///system, 1 VM |")
    print("| --- | ---: | ---: |")
    for name in ORDER:
        print("| %s | %.1f | %.1f |" % (name, rss_1000.get(name, 0) / 1024, rss_qemu.get(name, 0) / 1024))
    print()

    print("Targets:\n")
    verdicts = []
    for tag, n, label in TAGS:
        res = data[tag][0]
        ratio = res["virtcheck"]["mean"] / res["floor"]["mean"]
        verdicts.append(("≤ 1.15× floor at %s" % label, ratio <= 1.15, "%.2f×" % ratio))
    res = data["qemu"][0]
    v = res["virtcheck"]["mean"]
    verdicts.append(("≥ 2× faster than Python on qemu:///system", res["python"]["mean"] / v >= 2,
                     "%.2f× faster" % (res["python"]["mean"] / v)))
    verdicts.append(("≥ 3× faster than Perl on qemu:///system", res["perl"]["mean"] / v >= 3,
                     "%.2f× faster" % (res["perl"]["mean"] / v)))
    # Linear: one more VM costs no more at 1,000 VMs than at 100 (slope from 100 to
    # 1,000 VMs at most 1.5× the slope from 1 to 100).
    a, b = slopes["virtcheck"]
    fa, fb = slopes["floor"]
    verdicts.append(("cost linear in VMs", a > 0 and b <= 1.5 * a,
                     "%.3f ms/VM from 100 to 1,000 VMs vs %.3f ms/VM from 1 to 100 (C floor: %.3f vs %.3f)"
                     % (b, a, fb, fa)))
    if all(ir.values()):
        ia, ib = per_vm["virtcheck"]
        verdicts.append(("cost linear in VMs, counted in instructions", ib <= 1.5 * ia,
                         "{:,.0f} instructions/VM from 100 to 1,000 VMs vs {:,.0f} from 1 to 100".format(ib, ia)))
    kib = rss_1000.get("virtcheck", 0)
    verdicts.append(("≤ %d MiB max RSS at 1,000 VMs" % RSS_LIMIT_MIB, 0 < kib <= RSS_LIMIT_MIB * 1024,
                     "%.1f MiB (C floor: %.1f MiB)" % (kib / 1024, rss_1000.get("floor", 0) / 1024)))
    for text, ok, figure in verdicts:
        if not ok:
            missed.append("%s: %s — %s" % (check, text, figure))
        print("- %s: **%s** — %s" % (text, "PASS" if ok else "MISS", figure))
    print()

if missed:
    print("## Missed\n")
    for line in missed:
        print("- " + line)
    print()
sys.exit(4 if missed else 0)  # 4: a target was missed
PY
[[ $rc -eq 0 || $rc -eq 4 ]] || die "writing the report failed"
cat "$report"
echo "(written to $report; raw data: $out/vms-*.{json,rss,ir})" >&2
if [[ ${BENCH_STRICT:-0} == 1 && $rc -ne 0 ]]; then exit 1; fi
