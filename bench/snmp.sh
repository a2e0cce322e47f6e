#!/usr/bin/env bash
# Benchmark the SNMP modes of check_hypervisor, check_host_cpu, check_datastore
# and check_vm_state side by side with the same work written as minimal C
# programs on net-snmp (the floors), and check_hypervisor against
# monitoring-plugins' check_snmp reading one value.  Also records which shared
# objects a run loads: an SNMP run must not load libvirt, a libvirt run must
# not load net-snmp.  See bench/README.md.
#
#   bench/snmp.sh [BUILD_DIR]        (default BUILD_DIR: <repo>/build)
#
# Environment:
#   BENCH_RUNS=50 BENCH_WARMUP=5   hyperfine runs / warmup runs per command
#   BENCH_RSS_RUNS=3               runs per command for the max-RSS column
#   BENCH_CALLGRIND=1              also count the instructions virtcheck and the
#                                  floors execute (valgrind; adds ~20 s)
#   BENCH_STRICT=1                 exit 1 when a target is missed
#
# Agents: net-snmp's snmpd on 127.0.0.1:16161 (community "public", v3 user
# "vcuser") and snmpsim on 127.0.0.1:16162 (community "esxi": the ESXi-like
# recording tests/fixtures/snmp/esxi.snmprec), as tests/peers/snmpd.sh and
# tests/peers/snmpsim.sh run them.  An agent that already answers on its port
# is reused and left running; one that does not is started through those
# scripts and stopped on exit.  libvirt is used only through its in-process
# test driver (test:///default), for the loaded-libraries line: no libvirtd is
# started, stopped or contacted.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=$(realpath -m "${1:-$repo/build}")
out=$build/bench
runs=${BENCH_RUNS:-50}
warmup=${BENCH_WARMUP:-5}
rss_runs=${BENCH_RSS_RUNS:-3}
callgrind=${BENCH_CALLGRIND:-0}
check_snmp=/usr/lib/nagios/plugins/check_snmp
# Every program run is bounded: an agent that stops answering must not hang the
# benchmark.  One run takes well under a second (under valgrind: well under a minute).
run_limit=60
hyperfine_limit=1200
valgrind_limit=600

die() { echo "bench/snmp.sh: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

"$repo/scripts/install-deps.sh" bench >&2

# Debian's interpreter for the report, not whatever python3 comes first in PATH.
py=/usr/bin/python3
for tool in hyperfine cc net-snmp-config snmpget timeout $py; do
    command -v "$tool" >/dev/null || die "$tool not found"
done
[[ -x $check_snmp ]] ||
    die "$check_snmp not found: apt-get install --no-install-recommends monitoring-plugins-standard"
if [[ $callgrind == 1 ]]; then command -v valgrind >/dev/null || die "valgrind not found (BENCH_CALLGRIND=1)"; fi

checks=(check_hypervisor check_host_cpu check_datastore check_vm_state)
for check in "${checks[@]}"; do
    [[ -x $build/plugins/$check ]] ||
        die "$build/plugins/$check not found: build virtcheck first (cmake -S $repo -B $build && cmake --build $build)"
done
mkdir -p "$out"
rm -f "$out"/snmp-*.{json,rc,rss,ir,ld} "$out"/callgrind-snmp-*.out

# The binaries under test (the checks and the backend modules they load): if a
# build replaces them during the run, the figures mix two builds; the report says so.
binaries() {
    local f
    for f in "${checks[@]/#/$build/plugins/}" "$build"/modules/*.so; do
        [[ -e $f ]] && stat -c '%n %Y %s' "$f"
    done
    return 0
}
binaries_before=$(binaries)

# No SNMP check keeps a state file, but none may touch the system's state directory either.
rm -rf "$out/state-snmp"
mkdir -p "$out/state-snmp"
export VIRTCHECK_STATE_DIR=$out/state-snmp

# --- the floors ------------------------------------------------------------
# Each floor twice: as it is, and linked (not calling anything) with the C++
# runtime every virtcheck check loads, libstdc++.so with libm and libgcc_s:
# the difference is what being a dynamically linked C++ program costs at start-up.
for check in "${checks[@]}"; do
    log "building the C floor: $out/${check}_snmp_floor (and ${check}_snmp_floor_cxx, linked with libstdc++)"
    # shellcheck disable=SC2046  # net-snmp-config output must be split into words
    cc -O2 -o "$out/${check}_snmp_floor" "$here/floor/${check}_snmp_floor.c" $(net-snmp-config --netsnmp-libs)
    # shellcheck disable=SC2046
    cc -O2 -o "$out/${check}_snmp_floor_cxx" "$here/floor/${check}_snmp_floor.c" \
        -Wl,--no-as-needed -lstdc++ -lm -lgcc_s -Wl,--as-needed $(net-snmp-config --netsnmp-libs)
    readelf -d "$out/${check}_snmp_floor_cxx" | grep -q 'NEEDED.*libstdc++' ||
        die "$out/${check}_snmp_floor_cxx is not linked with libstdc++"
done

# --- the agents ------------------------------------------------------------
agents_dir=
started=()
agent_note=()
answers() { # answers PORT COMMUNITY
    timeout 5 snmpget -v2c -c "$2" -r 0 -t 0.5 -m '' "127.0.0.1:$1" 1.3.6.1.2.1.1.3.0 >/dev/null 2>&1
}
cleanup() {
    local rc=$? peer stopped=1
    for peer in "${started[@]}"; do
        log "stopping $(basename "$peer" .sh)"
        if ! "$peer" stop "$agents_dir/$(basename "$peer" .sh)" >&2; then
            echo "bench/snmp.sh: stopping $(basename "$peer" .sh) failed; its state is kept in $agents_dir" >&2
            stopped=0 rc=1
        fi
    done
    # The agents' directories (configuration, logs) go once both agents are stopped.
    if [[ -n $agents_dir && $stopped == 1 ]]; then rm -rf "$agents_dir"; fi
    rm -f "$out/.maxrss" "$out/.callgrind.log" "$out"/.ld.*
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
use_agent() { # use_agent PEER_SCRIPT PORT COMMUNITY
    local peer=$repo/tests/peers/$1 name=${1%.sh}
    if answers "$2" "$3"; then
        log "$name: an agent already answers on 127.0.0.1:$2: reusing it, not starting or stopping one"
        agent_note+=("$name on 127.0.0.1:$2 pre-existing, reused")
    else
        [[ -x $peer ]] || die "$peer not found"
        if [[ -z $agents_dir ]]; then agents_dir=$(mktemp -d "$out/snmp-agents.XXXXXX"); fi
        log "starting $name (state in $agents_dir/$name)"
        started+=("$peer") # before starting: a start that fails half-way is stopped on exit too
        "$peer" start "$agents_dir/$name" >&2
        agent_note+=("$name on 127.0.0.1:$2 started by tests/peers/$1")
    fi
}
use_agent snmpd.sh 16161 public
use_agent snmpsim.sh 16162 esxi

# --- what is compared --------------------------------------------------------
# tag|check|agent label|expected exit code|arguments (the same for virtcheck and the floor)
v3="-U vcuser -a SHA -A vc-auth-secret -x AES -X vc-priv-secret"
cases=(
    "hypervisor-snmpd-v2c|check_hypervisor|snmpd, v2c|0|-H 127.0.0.1 -p 16161 -C public"
    "hypervisor-snmpd-v3|check_hypervisor|snmpd, v3 authPriv (SHA/AES)|0|-H 127.0.0.1 -p 16161 $v3"
    "hypervisor-esxi-v2c|check_hypervisor|snmpsim esxi, v2c|0|-H 127.0.0.1 -p 16162 -C esxi"
    "host_cpu-esxi|check_host_cpu|snmpsim esxi, v2c|0|-H 127.0.0.1 -p 16162 -C esxi"
    "datastore-esxi|check_datastore|snmpsim esxi, v2c|3|-H 127.0.0.1 -p 16162 -C esxi"
    "vm_state-esxi|check_vm_state|snmpsim esxi, v2c|1|-H 127.0.0.1 -p 16162 -C esxi"
)
names=(virtcheck floor floor_cxx)
# progs CHECK: the programs for CHECK, in the order of names
progs() {
    echo "$build/plugins/$1" "$out/${1}_snmp_floor" "$out/${1}_snmp_floor_cxx"
}
status_word() {
    case $1 in
    0) echo OK ;; 1) echo WARNING ;; 2) echo CRITICAL ;; *) echo UNKNOWN ;;
    esac
}

# Each program once, checking the exit code and the status line.
preflight() {
    local check=$1 want=$2 i output rc prog word prefix
    shift 2
    local -a list
    read -ra list <<<"$(progs "$check")"
    word=$(status_word "$want")
    prefix=${check#check_}
    prefix=${prefix^^}
    for i in "${!names[@]}"; do
        prog=${list[$i]}
        rc=0
        output=$(timeout "$run_limit" "$prog" "$@" 2>&1) || rc=$?
        output=${output%%$'\n'*}
        printf '   %-10s %.150s\n' "${names[$i]}" "$output" >&2
        [[ $rc -eq $want && $output == "$prefix $word - "* ]] ||
            die "${names[$i]} $check $* failed (exit $rc, expected $want and a $prefix $word line)"
    done
}

# Max RSS (KiB) of one command: the largest of BENCH_RSS_RUNS runs.
max_rss() {
    local i kib best=0
    for ((i = 0; i < rss_runs; i++)); do
        timeout "$run_limit" /usr/bin/time -f %M -o "$out/.maxrss" "$@" >/dev/null 2>&1 || true
        kib=$(tail -n 1 "$out/.maxrss")
        if ((kib > best)); then best=$kib; fi
    done
    echo "$best"
}

# Instructions executed by virtcheck and the floors (callgrind), written to
# snmp-TAG.ir: unlike wall time, not disturbed by other load on the machine
# (the agent's work is in another process and not counted).  All get -t 3600:
# under valgrind the default 10 s (divided over 3 tries) could end a slowed-down run.
count_instructions() {
    local tag=$1 check=$2 i ir
    shift 2
    local -a list
    read -ra list <<<"$(progs "$check")"
    log "$tag: callgrind (virtcheck and floors)"
    for i in "${!names[@]}"; do
        timeout "$valgrind_limit" valgrind --tool=callgrind \
            --callgrind-out-file="$out/callgrind-snmp-$tag-${names[$i]}.out" \
            "${list[$i]}" -t 3600 "$@" >/dev/null 2>"$out/.callgrind.log" || true
        ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/.callgrind.log")
        [[ -n $ir ]] || die "callgrind of ${names[$i]} $check $* failed (see $out/.callgrind.log)"
        echo "${names[$i]} $ir"
    done >"$out/snmp-$tag.ir"
}

# bench "TAG|CHECK|LABEL|RC|ARGS"
bench() {
    local tag check label want argline i
    IFS='|' read -r tag check label want argline <<<"$1"
    local -a list args=() ignore=() argv
    read -ra argv <<<"$argline"
    read -ra list <<<"$(progs "$check")"
    log "$check, $label: pre-flight"
    preflight "$check" "$want" "${argv[@]}"
    for i in "${!names[@]}"; do
        args+=(-n "${names[$i]}" "$(printf '%q ' "${list[$i]}" "${argv[@]}")")
    done
    # hyperfine stops at the first non-zero exit: -i where WARNING/UNKNOWN is the right answer.
    if [[ $want != 0 ]]; then ignore=(-i); fi
    log "$check, $label: hyperfine ($warmup warmup, $runs runs each${ignore:+, -i: exit $want expected})"
    timeout "$hyperfine_limit" hyperfine -N --style basic "${ignore[@]}" --warmup "$warmup" --runs "$runs" \
        --export-json "$out/snmp-$tag.json" "${args[@]}" >&2
    echo "$want" >"$out/snmp-$tag.rc"
    log "$check, $label: max RSS ($rss_runs runs each)"
    for i in "${!names[@]}"; do
        echo "${names[$i]} $(max_rss "${list[$i]}" "${argv[@]}")"
    done >"$out/snmp-$tag.rss"
    if [[ $callgrind == 1 ]]; then count_instructions "$tag" "$check" "${argv[@]}"; fi
}

# check_hypervisor (a GET of 7 OIDs, all of its own start-up) against
# check_snmp reading sysUpTime, and the snmpget that check_snmp runs for it.
bench_check_snmp() {
    local -a cmds=(
        "$build/plugins/check_hypervisor -H 127.0.0.1 -p 16161 -C public"
        "$check_snmp -H 127.0.0.1 -p 16161 -C public -P 2c -o 1.3.6.1.2.1.1.3.0"
        "snmpget -Le -t 10 -r 5 -m '' -v 2c -c public 127.0.0.1:16161 1.3.6.1.2.1.1.3.0"
    )
    local -a cnames=(check_hypervisor check_snmp snmpget) args=()
    local i rc output
    log "check_hypervisor vs check_snmp (sysUpTime.0, v2c, snmpd): pre-flight"
    for i in "${!cnames[@]}"; do
        rc=0
        output=$(timeout "$run_limit" bash -c "${cmds[$i]}" 2>&1) || rc=$?
        output=${output%%$'\n'*}
        printf '   %-16s %.150s\n' "${cnames[$i]}" "$output" >&2
        [[ $rc -eq 0 ]] || die "${cnames[$i]} failed (exit $rc)"
        case ${cnames[$i]} in
        check_hypervisor) [[ $output == "HYPERVISOR OK - "* ]] || die "check_hypervisor: no HYPERVISOR OK line" ;;
        check_snmp) [[ $output == "SNMP OK - "* ]] || die "check_snmp: no SNMP OK line" ;;
        snmpget) [[ $output == *"Timeticks"* ]] || die "snmpget: no sysUpTime in its answer" ;;
        esac
        args+=(-n "${cnames[$i]}" "${cmds[$i]}")
    done
    log "check_hypervisor vs check_snmp: hyperfine ($warmup warmup, $runs runs each)"
    timeout "$hyperfine_limit" hyperfine -N --style basic --warmup "$warmup" --runs "$runs" \
        --export-json "$out/snmp-check_snmp.json" "${args[@]}" >&2
    log "check_hypervisor vs check_snmp: max RSS ($rss_runs runs each; check_snmp without its snmpget child)"
    for i in "${!cnames[@]}"; do
        # shellcheck disable=SC2086  # the command line is split into words on purpose
        echo "${cnames[$i]} $(eval max_rss ${cmds[$i]})"
    done >"$out/snmp-check_snmp.rss"
}

# The shared objects a run maps (LD_DEBUG=files: every object ld.so loads,
# at start-up or through dlopen), one line per check and mode in snmp.ld:
#   CHECK MODE EXIT libvirt=yes|no netsnmp=yes|no N obj1,obj2,...
loaded_objects() {
    local check=$1 mode=$2 rc objs n virt snmp
    shift 2
    rc=0
    rm -f "$out"/.ld.*
    LD_DEBUG=files LD_DEBUG_OUTPUT=$out/.ld timeout "$run_limit" "$build/plugins/$check" "$@" >/dev/null 2>&1 || rc=$?
    objs=$(sed -n 's/.*file=\([^ ]*\) \[[0-9]*\];  generating link map.*/\1/p' "$out"/.ld.* 2>/dev/null | xargs -rn1 basename | sort -u) || true
    rm -f "$out"/.ld.*
    n=$(wc -l <<<"$objs")
    virt=no snmp=no
    if grep -q '^libvirt\.so' <<<"$objs"; then virt=yes; fi
    if grep -q '^libnetsnmp\.so' <<<"$objs"; then snmp=yes; fi
    # A run that could not start (126/127: a binary being replaced by a build) or that
    # loaded neither backend proves nothing either way.
    if ((rc == 126 || rc == 127)) || [[ $virt$snmp == nono ]]; then
        die "$check in $mode mode did not run (exit $rc; libvirt=$virt net-snmp=$snmp): rebuilt during the run?"
    fi
    echo "$check $mode $rc libvirt=$virt netsnmp=$snmp $n $(paste -sd, <<<"$objs")"
}
libraries() {
    local check
    log "loaded shared objects (LD_DEBUG=files), SNMP mode and libvirt test driver"
    for check in "${checks[@]}"; do
        loaded_objects "$check" snmp -H 127.0.0.1 -p 16162 -C esxi
        loaded_objects "$check" libvirt --uri test:///default
    done >"$out/snmp.ld"
    cat "$out/snmp.ld" >&2
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
t_start=$SECONDS
libraries
for c in "${cases[@]}"; do
    bench "$c"
done
bench_check_snmp
elapsed=$((SECONDS - t_start))
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
binaries_note=
if [[ $(binaries) != "$binaries_before" ]]; then
    binaries_note="the checks or their backend modules were rebuilt during the run: figures mix two builds"
    echo "bench/snmp.sh: WARNING: $binaries_note" >&2
fi

# --- the report ------------------------------------------------------------
report=$out/snmp.md
rc=0
agents=$(IFS=';'; echo "${agent_note[*]}")
$py - "$out" "$runs" "$warmup" "$rss_runs" "$load_start" "$load_end" "$elapsed" "$binaries_note" "$agents" \
    "$(net-snmp-config --version)" "$(dpkg-query -W -f='${Version}' monitoring-plugins-standard 2>/dev/null || echo '?')" \
    "${cases[@]}" >"$report" <<'PY' || rc=$?
import json, os, platform, sys

(out, runs, warmup, rss_runs, load_start, load_end, elapsed, binaries_note, agents, netsnmp,
 plugins_version) = sys.argv[1:12]
cases = [c.split("|") for c in sys.argv[12:]]
TARGET = 1.2


def load(tag):
    with open(os.path.join(out, "snmp-%s.json" % tag)) as f:
        results = {r["command"]: r for r in json.load(f)["results"]}
    extra = {}
    for kind in ("rss", "ir", "rc"):
        path = os.path.join(out, "snmp-%s.%s" % (tag, kind))
        if os.path.exists(path):
            with open(path) as f:
                if kind == "rc":
                    extra[kind] = int(f.read())
                else:
                    extra[kind] = {name: int(v) for name, v in (line.split() for line in f)}
    return results, extra


def ms(r):
    return "%.2f ± %.2f" % (r["mean"] * 1e3, r["stddev"] * 1e3)


def cpu(r):
    return r["user"] + r["system"]


print("# SNMP mode benchmark\n")
print("hyperfine -N: %s runs after %s warmup runs per command; times are mean ± standard deviation in ms; "
      "CPU is user + system time. Max RSS: largest of %s runs. Host: %s, %d CPUs, load average %s at the start, "
      "%s at the end; net-snmp %s; monitoring-plugins-standard %s; agents: %s; %s s in all.\n"
      % (runs, warmup, rss_runs, platform.node(), os.cpu_count(), load_start, load_end, netsnmp, plugins_version,
         agents.replace(";", "; "), elapsed))
if binaries_note:
    print("**Warning: %s.**\n" % binaries_note)

missed = []
data = {}
for tag, check, label, want, args in cases:
    res, extra = load(tag)
    data[tag] = (res, extra)
    for name in ("virtcheck", "floor", "floor_cxx"):
        codes = set(res[name].get("exit_codes") or [int(want)])
        if codes != {int(want)}:
            missed.append("%s %s (%s): exit codes %s, expected %s" % (name, check, label, sorted(codes), want))

print("## virtcheck against its C floor\n")
print("All programs get the same command line. The floors are `bench/floor/check_*_snmp_floor.c` (net-snmp only, "
      "set up as virtcheck sets it up); **floor + libstdc++** is the same C program linked, without calling it, "
      "with the C++ runtime every virtcheck check loads (libstdc++.so, libm, libgcc_s): what is left between it and "
      "virtcheck is virtcheck's own code. check_datastore exits 3 (UNKNOWN: the recording has a datastore whose "
      "size wrapped Integer32 and one without hrStorageUsed) and check_vm_state 1 (WARNING: 2 suspended VMs), as "
      "their floors do; those runs use hyperfine `-i`, and the exit code of every timed run is checked.\n")
print("| check | agent | virtcheck ms | C floor ms | × floor | × floor (medians) | × floor (CPU) "
      "| floor + libstdc++ ms | × (floor + libstdc++) | virtcheck RSS MiB | floor RSS MiB |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for tag, check, label, want, args in cases:
    res, extra = data[tag]
    v, f, fx = res["virtcheck"], res["floor"], res["floor_cxx"]
    rss = extra.get("rss", {})
    print("| %s | %s | %s | %s | %.2f× | %.2f× | %.2f× | %s | %.2f× | %.1f | %.1f |" % (
        check, label, ms(v), ms(f), v["mean"] / f["mean"], v["median"] / f["median"], cpu(v) / cpu(f), ms(fx),
        v["mean"] / fx["mean"], rss.get("virtcheck", 0) / 1024, rss.get("floor", 0) / 1024))
print()
have_ir = all("ir" in e for _, e in data.values())
if have_ir:
    print("Instructions (callgrind, one run each; the agent's work is in another process and not counted). "
          "**C++ runtime** is (floor + libstdc++) − floor, **virtcheck's own** is virtcheck − (floor + libstdc++):\n")
    print("| check | agent | virtcheck M instr. | floor M instr. | floor + libstdc++ M instr. | × floor (instr.) "
          "| C++ runtime M instr. | virtcheck's own M instr. |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for tag, check, label, want, args in cases:
        ir = data[tag][1]["ir"]
        print("| %s | %s | %.2f | %.2f | %.2f | %.3f× | %.2f | %.2f |" % (
            check, label, ir["virtcheck"] / 1e6, ir["floor"] / 1e6, ir["floor_cxx"] / 1e6,
            ir["virtcheck"] / ir["floor"], (ir["floor_cxx"] - ir["floor"]) / 1e6,
            (ir["virtcheck"] - ir["floor_cxx"]) / 1e6))
    print()

res, extra = load("check_snmp")
print("## check_hypervisor against monitoring-plugins' check_snmp\n")
print("snmpd, v2c. check_hypervisor asks for 7 OIDs in one GET; check_snmp for one (sysUpTime.0, "
      "`-o 1.3.6.1.2.1.1.3.0`), which it reads by running `snmpget` (shown alone on the last line, with the "
      "options check_snmp gives it). check_snmp's max RSS is its own, without the snmpget child.\n")
print("| program | mean ms | ± stddev ms | × check_hypervisor | median ms | CPU ms | max RSS MiB |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
base = res["check_hypervisor"]["mean"]
for name in ("check_hypervisor", "check_snmp", "snmpget"):
    r = res[name]
    print("| %s | %.2f | ± %.2f | %.2f× | %.2f | %.2f | %.1f |" % (
        name, r["mean"] * 1e3, r["stddev"] * 1e3, r["mean"] / base, r["median"] * 1e3, cpu(r) * 1e3,
        extra.get("rss", {}).get(name, 0) / 1024))
print()

print("## Shared objects loaded (LD_DEBUG=files)\n")
print("SNMP mode against snmpsim esxi; libvirt mode against `test:///default` (in-process test driver).\n")
print("| check | mode | exit | objects | libvirt loaded | net-snmp loaded |")
print("| --- | --- | ---: | ---: | --- | --- |")
ld_ok = True
with open(os.path.join(out, "snmp.ld")) as f:
    ld = [line.split() for line in f if line.strip()]
for check, mode, code, virt, snmp, n, *objs in ld:
    virt, snmp = virt.split("=")[1], snmp.split("=")[1]
    print("| %s | %s | %s | %s | %s | %s |" % (check, mode, code, n, virt, snmp))
    wrong = (mode == "snmp" and (virt == "yes" or snmp == "no")) or (mode == "libvirt" and (snmp == "yes" or virt == "no"))
    if wrong:
        ld_ok = False
        missed.append("%s in %s mode loads libvirt=%s, net-snmp=%s" % (check, mode, virt, snmp))
print("\ncheck_hypervisor, SNMP mode: %s\n" % next((" ".join(l[6:]).replace(",", ", ") for l in ld
                                                     if l[0] == "check_hypervisor" and l[1] == "snmp"), "?"))
print("check_hypervisor, libvirt mode: %s\n" % next((" ".join(l[6:]).replace(",", ", ") for l in ld
                                                      if l[0] == "check_hypervisor" and l[1] == "libvirt"), "?"))

print("## Targets\n")
for tag, check, label, want, args in cases:
    res_c, extra_c = data[tag]
    v, f = res_c["virtcheck"], res_c["floor"]
    ratio = v["mean"] / f["mean"]
    figure = "%.3f× (%.2f ms vs %.2f ms; medians %.2f×, CPU %.2f×)" % (
        ratio, v["mean"] * 1e3, f["mean"] * 1e3, v["median"] / f["median"], cpu(v) / cpu(f))
    if "ir" in extra_c:
        figure += "; %.3f× in instructions" % (extra_c["ir"]["virtcheck"] / extra_c["ir"]["floor"])
    ok = ratio <= TARGET
    text = "%s (%s) ≤ %.1f× floor" % (check, label, TARGET)
    if not ok:
        missed.append("%s — %s" % (text, figure))
    print("- %s: **%s** — %s" % (text, "PASS" if ok else "MISS", figure))
chk, cs = res["check_hypervisor"], res["check_snmp"]
ok = chk["mean"] <= cs["mean"]
figure = "%.2f ms vs %.2f ms (%.2f×; medians %.2f ms vs %.2f ms)" % (
    chk["mean"] * 1e3, cs["mean"] * 1e3, chk["mean"] / cs["mean"], chk["median"] * 1e3, cs["median"] * 1e3)
text = "check_hypervisor (7 OIDs) not slower than check_snmp (1 OID)"
if not ok:
    missed.append("%s — %s" % (text, figure))
print("- %s: **%s** — %s" % (text, "PASS" if ok else "MISS", figure))
print("- an SNMP run loads no libvirt, a libvirt run no net-snmp: **%s**" % ("PASS" if ld_ok else "MISS"))
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
echo "(written to $report; raw data: $out/snmp-*.{json,rss,ir,rc} and $out/snmp.ld)" >&2
if [[ ${BENCH_STRICT:-0} == 1 && $rc -ne 0 ]]; then exit 1; fi
