#!/usr/bin/env bash
# Benchmark check_host_cpu, check_host_memory, check_datastore, check_vnet and
# check_vm_snapshot at 1 and 100 objects (VMs, pools, networks), side by side
# with the same checks written as minimal C programs making the same libvirt
# calls (the floors).  Only libvirt's in-process test driver is used: no
# daemon is started, stopped or contacted.  See bench/README.md.
#
#   bench/objects.sh [BUILD_DIR]        (default BUILD_DIR: <repo>/build)
#
# Environment:
#   BENCH_RUNS=50 BENCH_WARMUP=5   hyperfine runs / warmup runs per command
#   BENCH_RSS_RUNS=3               runs per command for the max-RSS column (100 objects)
#   BENCH_CALLGRIND=1              also count the instructions virtcheck and the
#                                  floors execute (valgrind; adds ~1 minute)
#   BENCH_STRICT=1                 exit 1 when a target is missed
#
# The test driver's node files are written to BUILD_DIR/bench/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=$(realpath -m "${1:-$repo/build}")
out=$build/bench
runs=${BENCH_RUNS:-50}
warmup=${BENCH_WARMUP:-5}
rss_runs=${BENCH_RSS_RUNS:-3}
callgrind=${BENCH_CALLGRIND:-0}
sizes=(1 100)
# Every program run is bounded: a hung libvirt call must not hang the benchmark.
# One run takes well under a second (under valgrind: well under a minute).
run_limit=60
hyperfine_limit=1200
valgrind_limit=600

die() { echo "bench/objects.sh: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

"$repo/scripts/install-deps.sh" bench >&2

# Debian's interpreter for the report, not whatever python3 comes first in PATH.
py=/usr/bin/python3
for tool in hyperfine cc pkg-config timeout $py; do
    command -v "$tool" >/dev/null || die "$tool not found"
done
pkg-config --exists libvirt || die "libvirt development files not found (libvirt-dev)"
if [[ $callgrind == 1 ]]; then command -v valgrind >/dev/null || die "valgrind not found (BENCH_CALLGRIND=1)"; fi

checks=(check_host_cpu check_host_memory check_datastore check_vnet check_vm_snapshot)
for check in "${checks[@]}"; do
    [[ -x $build/plugins/$check ]] ||
        die "$build/plugins/$check not found: build virtcheck first (cmake -S $repo -B $build && cmake --build $build)"
done
mkdir -p "$out"
rm -f "$out"/objects-*.{json,rc,rss,ir}
for check in "${checks[@]}"; do rm -f "$out/callgrind-$check-"*.out; done

# The binaries under test (the checks and the backend module they load): if a
# build replaces them during the run, the figures mix two builds; the report says so.
binaries() {
    local f
    for f in "${checks[@]/#/$build/plugins/}" "$build"/modules/*.so; do
        [[ -e $f ]] && stat -c '%n %Y %s' "$f"
    done
    return 0
}
binaries_before=$(binaries)

# --- state files -----------------------------------------------------------
# check_host_cpu keeps its previous counters in a state file (virtcheck in
# VIRTCHECK_STATE_DIR, its floor in TMPDIR); emptied so every run starts the same.
rm -rf "$out/state-objects"
mkdir -p "$out/state-objects/virtcheck" "$out/state-objects/tmp"
export VIRTCHECK_STATE_DIR=$out/state-objects/virtcheck
export TMPDIR=$out/state-objects/tmp

# --- the floors ------------------------------------------------------------
for check in "${checks[@]}"; do
    log "building the C floor: $out/${check}_floor"
    # shellcheck disable=SC2046  # pkg-config output must be split into words
    cc -O2 -o "$out/${check}_floor" "$here/floor/${check}_floor.c" $(pkg-config --cflags --libs libvirt)
done

names=(virtcheck floor)
# progs CHECK: the programs for CHECK, in the order of names
progs() {
    echo "$build/plugins/$1" "$out/${1}_floor"
}

# --- the test driver's node files -----------------------------------------
# One kind of object per file, so that the driver (which parses the whole file
# on every connection, identically for both programs) parses only what the
# check looks at.  All on a 64-thread host with 256 GiB.
node_head() {
    echo "<node>"
    echo "<cpu><mhz>2400</mhz><nodes>1</nodes><sockets>2</sockets><cores>16</cores><threads>2</threads><active>64</active><model>x86_64</model></cpu>"
    echo "<memory>268435456</memory>"
}
# hosts-N.xml: N VMs of 1 GiB and 2 vCPUs; VM i is shut off when i % 50 == 25
# (1 in 50), so that "running VMs only" has something to leave out.
write_hosts() {
    local n=$1 i runstate
    {
        node_head
        for ((i = 1; i <= n; i++)); do
            runstate=1
            if ((i % 50 == 25)); then runstate=5; fi
            printf "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>vm%d</name><uuid>%08x-0000-4000-8000-%012x</uuid><memory>1048576</memory><vcpu>2</vcpu><os><type>hvm</type></os><test:runstate>%d</test:runstate></domain>\n" \
                "$i" "$i" "$i" "$runstate"
        done
        echo "</node>"
    } >"$out/hosts-$n.xml"
}
# pools-N.xml: N directory pools of 10 volumes each (10 GiB capacity, 5 GiB allocated).
write_pools() {
    local n=$1 i v
    {
        node_head
        for ((i = 1; i <= n; i++)); do
            printf "<pool type='dir'><name>pool%d</name><uuid>%08x-0001-4000-8000-%012x</uuid><target><path>/pool%d</path></target>\n" \
                "$i" "$i" "$i" "$i"
            for ((v = 1; v <= 10; v++)); do
                printf "<volume type='file'><name>vol%d</name><capacity unit='G'>10</capacity><allocation unit='G'>5</allocation></volume>\n" "$v"
            done
            echo "</pool>"
        done
        echo "</node>"
    } >"$out/pools-$n.xml"
}
# networks-N.xml: N networks, each with a bridge and a DHCP range of 253
# addresses, and the bridges as host interfaces (so the bridge lookup finds them).
write_networks() {
    local n=$1 i a b
    {
        node_head
        for ((i = 1; i <= n; i++)); do
            a=$((i / 256)) b=$((i % 256))
            printf "<network><name>net%d</name><uuid>%08x-0002-4000-8000-%012x</uuid><bridge name='br%d'/><ip address='10.%d.%d.1' netmask='255.255.255.0'><dhcp><range start='10.%d.%d.2' end='10.%d.%d.254'/></dhcp></ip></network>\n" \
                "$i" "$i" "$i" "$i" "$a" "$b" "$a" "$b" "$a" "$b"
            printf "<interface type='ethernet' name='br%d'><start mode='onboot'/><mac address='52:54:00:00:%02x:%02x'/></interface>\n" \
                "$i" "$a" "$b"
        done
        echo "</node>"
    } >"$out/networks-$n.xml"
}
# snapshots-N.xml: N running VMs with a chain of 3 snapshots each.  The test
# driver takes the snapshot's children directly inside <test:domainsnapshot>;
# <active> is required, and without a <domain> libvirt logs a warning to
# stderr for every snapshot on every connection.
write_snapshots() {
    local n=$1 i s parent dom
    {
        node_head
        for ((i = 1; i <= n; i++)); do
            dom=$(printf "<domain type='test'><name>vm%d</name><uuid>%08x-0003-4000-8000-%012x</uuid><memory>1048576</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>" "$i" "$i" "$i")
            printf "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>vm%d</name><uuid>%08x-0003-4000-8000-%012x</uuid><memory>1048576</memory><vcpu>1</vcpu><os><type>hvm</type></os><test:runstate>1</test:runstate>\n" \
                "$i" "$i" "$i"
            for s in 1 2 3; do
                parent=
                if ((s > 1)); then parent="<parent><name>s$((s - 1))</name></parent>"; fi
                printf "<test:domainsnapshot><name>s%d</name><creationTime>%d</creationTime><state>running</state>%s<memory snapshot='no'/><active>0</active>%s</test:domainsnapshot>\n" \
                    "$s" $((1700000000 + i * 10 + s)) "$parent" "$dom"
            done
            echo "</domain>"
        done
        echo "</node>"
    } >"$out/snapshots-$n.xml"
}
for n in "${sizes[@]}"; do
    write_hosts "$n"
    write_pools "$n"
    write_networks "$n"
    write_snapshots "$n"
done

# node_file CHECK N: the node file CHECK runs against
node_file() {
    case $1 in
    check_host_cpu | check_host_memory) echo "$out/hosts-$2.xml" ;;
    check_datastore) echo "$out/pools-$2.xml" ;;
    check_vnet) echo "$out/networks-$2.xml" ;;
    check_vm_snapshot) echo "$out/snapshots-$2.xml" ;;
    esac
}

# A node file that libvirt refuses makes every program fail the same way,
# which the pre-flight would report less clearly: load each once with virsh.
if command -v virsh >/dev/null; then
    for n in "${sizes[@]}"; do
        for what in "hosts list --all" "pools pool-list --all" "networks net-list --all" "snapshots list --all"; do
            read -r file cmd <<<"$what"
            # shellcheck disable=SC2086  # $cmd is a virsh command and its options
            timeout "$run_limit" virsh -q -c "test://$out/$file-$n.xml" $cmd >/dev/null ||
                die "libvirt's test driver refuses $out/$file-$n.xml"
        done
        [[ $(timeout "$run_limit" virsh -q -c "test://$out/snapshots-$n.xml" snapshot-list vm1 | wc -l) == 3 ]] ||
            die "$out/snapshots-$n.xml: vm1 does not have 3 snapshots"
    done
fi

cleanup() {
    local rc=$?
    rm -f "$out/.maxrss" "$out/.callgrind.log"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the runs --------------------------------------------------------------
# expected_rc CHECK: the exit code both programs must give on the test driver.
# It has no host memory counters (virNodeGetMemoryStats: not supported), and its
# host CPU counters never advance, so from the second run on check_host_cpu
# cannot compute CPU use: both checks are UNKNOWN (3), as their floors are.
expected_rc() {
    case $1 in
    check_host_cpu | check_host_memory) echo 3 ;;
    *) echo 0 ;;
    esac
}
status_word() {
    case $1 in
    0) echo OK ;; 1) echo WARNING ;; 2) echo CRITICAL ;; *) echo UNKNOWN ;;
    esac
}

# Each program once (twice for check_host_cpu: the first run only stores its
# state file; the timed runs are the steady state that follows), checking
# the exit code and the status line.
preflight() {
    local check=$1 uri=$2 want=$3 i output rc prog word prefix
    local -a list
    read -ra list <<<"$(progs "$check")"
    word=$(status_word "$want")
    prefix=${check#check_}
    prefix=${prefix^^}
    for i in "${!names[@]}"; do
        prog=${list[$i]}
        if [[ $check == check_host_cpu ]]; then timeout "$run_limit" "$prog" --uri "$uri" >/dev/null 2>&1 || true; fi
        rc=0
        output=$(timeout "$run_limit" "$prog" --uri "$uri" 2>&1) || rc=$?
        output=${output%%$'\n'*}
        printf '   %-10s %.150s\n' "${names[$i]}" "$output" >&2
        [[ $rc -eq $want && $output == "$prefix $word - "* ]] ||
            die "${names[$i]} $check failed against $uri (exit $rc, expected $want and a $prefix $word line)"
    done
}

# Max RSS (KiB) of one program: the largest of BENCH_RSS_RUNS runs.
max_rss() {
    local uri=$1 prog=$2 i kib best=0
    for ((i = 0; i < rss_runs; i++)); do
        timeout "$run_limit" /usr/bin/time -f %M -o "$out/.maxrss" "$prog" --uri "$uri" >/dev/null 2>&1 || true
        kib=$(tail -n 1 "$out/.maxrss")
        if ((kib > best)); then best=$kib; fi
    done
    echo "$best"
}

# Instructions executed by virtcheck and the floor (callgrind), written to
# objects-CHECK-TAG.ir: unlike wall time, not disturbed by other load on the
# machine.  virtcheck gets -t 3600: under valgrind its default 10 s timeout
# would end the slowed-down run early.
count_instructions() {
    local check=$1 tag=$2 uri=$3 i ir
    local -a list opts
    read -ra list <<<"$(progs "$check")"
    log "$check, $uri: callgrind (virtcheck and floor)"
    for i in 0 1; do
        opts=()
        if ((i == 0)); then opts=(-t 3600); fi
        timeout "$valgrind_limit" valgrind --tool=callgrind \
            --callgrind-out-file="$out/callgrind-$check-$tag-${names[$i]}.out" \
            "${list[$i]}" "${opts[@]}" --uri "$uri" >/dev/null 2>"$out/.callgrind.log" || true
        ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/.callgrind.log")
        [[ -n $ir ]] || die "callgrind of ${names[$i]} $check against $uri failed (see $out/.callgrind.log)"
        echo "${names[$i]} $ir"
    done >"$out/objects-$check-$tag.ir"
}

# bench CHECK N
bench() {
    local check=$1 n=$2 tag=n$2 uri i want
    local -a list args=() ignore=()
    uri=test://$(node_file "$check" "$n")
    read -ra list <<<"$(progs "$check")"
    want=$(expected_rc "$check")
    log "$check, $uri: pre-flight"
    preflight "$check" "$uri" "$want"
    for i in "${!names[@]}"; do
        args+=(-n "${names[$i]}" "$(printf '%q --uri %q' "${list[$i]}" "$uri")")
    done
    # hyperfine stops at the first non-zero exit: -i where UNKNOWN is the right answer.
    if [[ $want != 0 ]]; then ignore=(-i); fi
    log "$check, $uri: hyperfine ($warmup warmup, $runs runs each${ignore:+, -i: exit $want expected})"
    timeout "$hyperfine_limit" hyperfine -N --style basic "${ignore[@]}" --warmup "$warmup" --runs "$runs" \
        --export-json "$out/objects-$check-$tag.json" "${args[@]}" >&2
    echo "$want" >"$out/objects-$check-$tag.rc"
    if ((n == ${sizes[-1]})); then
        log "$check, $uri: max RSS ($rss_runs runs each)"
        for i in "${!names[@]}"; do
            echo "${names[$i]} $(max_rss "$uri" "${list[$i]}")"
        done >"$out/objects-$check-$tag.rss"
    fi
    if [[ $callgrind == 1 ]]; then count_instructions "$check" "$tag" "$uri"; fi
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$SECONDS
for check in "${checks[@]}"; do
    for n in "${sizes[@]}"; do
        bench "$check" "$n"
    done
done
elapsed=$((SECONDS - started))
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
binaries_note=
if [[ $(binaries) != "$binaries_before" ]]; then
    binaries_note="the checks or their backend module were rebuilt during the run: figures mix two builds"
    echo "bench/objects.sh: WARNING: $binaries_note" >&2
fi

# --- the report ------------------------------------------------------------
report=$out/objects.md
rc=0
$py - "$out" "$runs" "$warmup" "$rss_runs" "$load_start" "$load_end" "$elapsed" "$binaries_note" \
    >"$report" <<'PY' || rc=$?
import json, os, platform, subprocess, sys

out, runs, warmup, rss_runs, load_start, load_end, elapsed, binaries_note = sys.argv[1:9]
# check, (label at 1, label at 100), what one object is
CHECKS = [
    ("check_host_cpu", ("1 VM", "100 VMs"), "VM"),
    ("check_host_memory", ("1 VM", "100 VMs"), "VM"),
    ("check_datastore", ("1 pool, 10 volumes", "100 pools, 1,000 volumes"), "pool"),
    ("check_vnet", ("1 network", "100 networks"), "network"),
    ("check_vm_snapshot", ("1 VM, 3 snapshots", "100 VMs, 300 snapshots"), "VM"),
]
TAGS = [("n1", 1), ("n100", 100)]


def load(check, tag):
    with open(os.path.join(out, "objects-%s-%s.json" % (check, tag))) as f:
        results = {r["command"]: r for r in json.load(f)["results"]}
    with open(os.path.join(out, "objects-%s-%s.rc" % (check, tag))) as f:
        want = int(f.read())
    extra = {}
    for kind in ("rss", "ir"):
        path = os.path.join(out, "objects-%s-%s.%s" % (check, tag, kind))
        if os.path.exists(path):
            with open(path) as f:
                extra[kind] = {name: int(v) for name, v in (line.split() for line in f)}
    return results, want, extra


def ms(r):
    return "%.2f ± %.2f" % (r["mean"] * 1e3, r["stddev"] * 1e3)


libvirt_version = subprocess.run(["pkg-config", "--modversion", "libvirt"],
                                 capture_output=True, text=True).stdout.strip()
print("# check_host_cpu / check_host_memory / check_datastore / check_vnet / check_vm_snapshot benchmark\n")
print("hyperfine -N: %s runs after %s warmup runs per command; times are mean ± standard deviation in ms. "
      "Max RSS: largest of %s runs at 100 objects. Host: %s, %d CPUs, load average %s at the start, %s at "
      "the end; libvirt %s; test driver only (no daemon); %s s in all.\n"
      % (runs, warmup, rss_runs, platform.node(), os.cpu_count(), load_start, load_end, libvirt_version,
         elapsed))
if binaries_note:
    print("**Warning: %s.**\n" % binaries_note)
print("Test driver node files `BUILD_DIR/bench/{hosts,pools,networks,snapshots}-N.xml`, one kind of object "
      "each; the driver parses the whole file on every connection, the same for both programs. "
      "check_host_cpu and check_host_memory exit 3 (UNKNOWN) on the test driver, as their floors do "
      "(no host memory counters; host CPU counters that never advance): those runs use hyperfine `-i`, "
      "and the exit code of every timed run is checked. check_host_cpu runs in steady state: each program "
      "ran before the timing, so every timed run reads and rewrites its state file (virtcheck's also "
      "locked and fsync'ed, the floor's not).\n")

data = {}
missed = []
for check, labels, _ in CHECKS:
    for (tag, _), label in zip(TAGS, labels):
        res, want, extra = load(check, tag)
        data[check, tag] = (res, extra)
        for name in ("virtcheck", "floor"):
            codes = set(res[name].get("exit_codes") or [want])
            if codes != {want}:
                missed.append("%s %s at %s: exit codes %s, expected %d" % (name, check, label, sorted(codes), want))

have_ir = all("ir" in data[key][1] for key in data)
print("| check | objects | virtcheck ms | C floor ms | × floor | × floor (medians)%s |"
      % (" | virtcheck M instr. | floor M instr. | × floor (instr.)" if have_ir else ""))
print("| --- | --- | ---: | ---: | ---: | ---:%s |" % (" | ---: | ---: | ---:" if have_ir else ""))
for check, labels, _ in CHECKS:
    for (tag, n), label in zip(TAGS, labels):
        res, extra = data[check, tag]
        v, f = res["virtcheck"], res["floor"]
        row = "| %s | %s | %s | %s | %.2f× | %.2f×" % (check, label, ms(v), ms(f), v["mean"] / f["mean"],
                                                      v["median"] / f["median"])
        if have_ir:
            ir = extra["ir"]
            row += " | %.1f | %.1f | %.3f×" % (ir["virtcheck"] / 1e6, ir["floor"] / 1e6, ir["virtcheck"] / ir["floor"])
        print(row + " |")
print()

print("Cost per object from 1 to 100 (difference of the means ÷ 99%s), and max RSS at 100:\n"
      % ("; instructions from callgrind" if have_ir else ""))
print("| check | per | virtcheck ms | floor ms%s | virtcheck RSS MiB | floor RSS MiB |"
      % (" | virtcheck instr. | floor instr." if have_ir else ""))
print("| --- | --- | ---: | ---:%s | ---: | ---: |" % (" | ---: | ---:" if have_ir else ""))
for check, labels, per in CHECKS:
    (r1, e1), (r100, e100) = data[check, "n1"], data[check, "n100"]
    row = "| %s | %s | %.3f | %.3f" % (check, per, *[(r100[p]["mean"] - r1[p]["mean"]) * 1e3 / 99
                                                      for p in ("virtcheck", "floor")])
    if have_ir:
        row += " | {:,.0f} | {:,.0f}".format(*[(e100["ir"][p] - e1["ir"][p]) / 99 for p in ("virtcheck", "floor")])
    rss = e100.get("rss", {})
    row += " | %.1f | %.1f |" % (rss.get("virtcheck", 0) / 1024, rss.get("floor", 0) / 1024)
    print(row)
print()

print("Targets (mean time ≤ 1.15× the floor's):\n")
for check, labels, _ in CHECKS:
    for (tag, n), label in zip(TAGS, labels):
        res, extra = data[check, tag]
        ratio = res["virtcheck"]["mean"] / res["floor"]["mean"]
        figure = "%.2f× (%.2f ms vs %.2f ms)" % (ratio, res["virtcheck"]["mean"] * 1e3, res["floor"]["mean"] * 1e3)
        if "ir" in extra:
            figure += "; %.3f× in instructions" % (extra["ir"]["virtcheck"] / extra["ir"]["floor"])
        ok = ratio <= 1.15
        if not ok:
            missed.append("%s ≤ 1.15× floor at %s — %s" % (check, label, figure))
        print("- %s ≤ 1.15× floor at %s: **%s** — %s" % (check, label, "PASS" if ok else "MISS", figure))
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
echo "(written to $report; raw data: $out/objects-*.{json,rss,ir})" >&2
if [[ ${BENCH_STRICT:-0} == 1 && $rc -ne 0 ]]; then exit 1; fi
