#!/usr/bin/env bash
# Benchmark the native libvirt client: check_hypervisor, check_vm_state and check_vm_cpu on
# qemu:///system through the native client (the default there) and through libvirt.so
# (--libvirt-client library), against the libvirt C floors (bench/floor/check_*_floor.c) and
# the raw-protocol floor (bench/floor/raw_rpc_floor.c: the same calls as hand-made RPC
# messages). Then the same with as many tiny transient VMs as the machine allows, for the
# cost of each VM. See bench/README.md; the settings every driver shares are in bench/lib.sh.
#
#   flock /tmp/vc-libvirtd.lock bench/native.sh [BUILD_DIR]    (as root; default ./build)
#
# Environment, besides bench/lib.sh's (here BENCH_RUNS=40, BENCH_WARMUP=3):
#   BENCH_RUNS_MANY=15   rounds of the many-VM cases
#   BENCH_VMS=auto       VMs for the many-VM cases: auto (as many as memory and CPU allow, at
#                        most 1000), a number, or 0 to skip them
#
# A real libvirtd with one running VM is started through tests/peers/libvirtd.sh and stopped
# on exit (one already running is reused and left running). The many-VM cases add transient
# VMs named vc-bench-NNNN, destroyed on exit.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
default_runs=40 default_warmup=3
bench_init "$@"
runs_many=${BENCH_RUNS_MANY:-15}
want_vms=${BENCH_VMS:-auto}
uri=qemu:///system

need pkg-config virsh
checks=(check_hypervisor check_vm_state check_vm_cpu)
need_checks "${checks[@]}"
[[ -e $build/modules/virtcheck-libvirt-native.so ]] || die "$build/modules/virtcheck-libvirt-native.so not built"

for check in "${checks[@]}"; do
    # shellcheck disable=SC2046  # pkg-config's output is words
    build_floor "${check}_floor.c" "$out/${check}_floor" $(pkg-config --cflags --libs libvirt)
done
build_floor raw_rpc_floor.c "$out/raw_rpc_floor" -static

# check_vm_cpu keeps a state file: its own directory; --prime makes the timed runs its steady state.
rm -rf "$out/state-native"
mkdir -p "$out/state-native"
export VIRTCHECK_STATE_DIR=$out/state-native

libvirtd_use

# bench TAG CHECK [ROUNDS]: the four programs for CHECK on qemu:///system.
bench() {
    local tag=$1 check=$2 mode=${2#check_} opts=()
    if [[ $check == check_vm_cpu ]]; then opts+=(--prime --reject "first sample"); fi
    if [[ -n ${3:-} ]]; then opts+=(--runs "$3"); fi
    programs_reset
    program --callgrind-args "-t 3600" native "native (virtcheck-libvirt-native.so)" \
        "$build/plugins/$check" --uri "$uri"
    program --callgrind-args "-t 3600" library "libvirt.so (--libvirt-client library)" \
        "$build/plugins/$check" --uri "$uri" --libvirt-client library
    program floor "libvirt C floor" "$out/${check}_floor" --uri "$uri"
    program raw "raw-protocol floor" "$out/raw_rpc_floor" "$mode"
    bench_case "${opts[@]}" "native-$tag-$check" 0 "$(expect_line "$check" 0)"
}

vm_count() { virsh -q -c "$uri" list --state-running --name | grep -c . || true; }

for check in "${checks[@]}"; do bench 1 "$check"; done
vm_count >"$out/native-vms-1"

# --- many VMs ------------------------------------------------------------------------------
# Tiny transient VMs idling in SeaBIOS (16 MiB, no disk, no NIC), added until BENCH_VMS, 1000,
# free memory (4 GiB kept free) or CPU (their QEMU processes over one core together) stop it.
bench_vms=()
destroy_bench_vms() {
    local vm
    for vm in "${bench_vms[@]}"; do timeout 30 virsh -q -c "$uri" destroy "$vm" >/dev/null 2>&1 || true; done
}
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
    at_exit destroy_bench_vms
    limit=1000
    [[ $want_vms != auto ]] && limit=$want_vms
    mkdir -p "$out/native-vms"
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
        cat >"$out/native-vms/$name.xml" <<XML
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>16</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices><memballoon model='none'/></devices>
</domain>
XML
        if ! timeout 60 virsh -q -c "$uri" create "$out/native-vms/$name.xml" >/dev/null 2>"$out/native-vms/$name.err"; then
            stop_reason="libvirt refused VM $n: $(head -c 200 "$out/native-vms/$name.err")"
            break
        fi
        bench_vms+=("$name")
        if ((n % 50 == 0)); then log "$n VMs running"; fi
    done
    log "${#bench_vms[@]} VMs added; stopped by $stop_reason"
    many_note="${#bench_vms[@]} VMs added (16 MiB, idle in SeaBIOS); stopped by $stop_reason"
    vm_count >"$out/native-vms-many"
    for check in "${checks[@]}"; do bench many "$check" "$runs_many"; done
fi

# --- the report ----------------------------------------------------------------------------
export BENCH_MANY_NOTE=$many_note BENCH_RUNS_MANY=$runs_many
bench_report native <<'PY'
import os
import report

out = report.out_dir()
CHECKS = ["check_hypervisor", "check_vm_state", "check_vm_cpu"]

def vms(which):
    path = os.path.join(out, "native-vms-" + which)
    return int(open(path).read()) if os.path.exists(path) else 0

print("## The native libvirt client against libvirt.so and two floors\n")
print(report.method("; %s; %s rounds with many VMs" % (os.environ["BENCH_DAEMON_NOTE"], os.environ["BENCH_RUNS_MANY"])))
targets = report.Targets()
verdicts = []
cases = {}
for size in ["1", "many"]:
    for check in CHECKS:
        tag = "native-%s-%s" % (size, check)
        if not os.path.exists(os.path.join(out, tag + ".programs")):
            continue
        c = cases[(size, check)] = report.load(tag)
        print("### %s on qemu:///system, %d running VMs\n" % (check, vms(size)))
        print(report.measured())
        print(report.table(c, "floor", "libvirt C floor"))
        raw_ir = c["raw"].instructions
        if raw_ir:
            print("native ÷ raw-protocol floor in instructions: %.2f×\n" % (c["native"].instructions / raw_ir))

for check in CHECKS:
    c = cases.get(("1", check))
    if not c:
        continue
    n, floor = c["native"], c["floor"]
    verdicts.append(targets.check("%s native ≤ 4 ms wall" % check, n.median_ms <= 4, "median %.2f ms" % n.median_ms))
    verdicts.append(targets.check("%s native ≥ 4× faster than the libvirt C floor" % check,
                                  floor.median_ms / n.median_ms >= 4, "%.1f×" % (floor.median_ms / n.median_ms)))
    if n.instructions and c["raw"].instructions:
        r = n.instructions / c["raw"].instructions
        verdicts.append(targets.check("%s native ≤ 1.5× the raw-protocol floor in instructions" % check, r <= 1.5,
                                      "%.2f×: {:,} against {:,}".format(n.instructions, c["raw"].instructions) % r))
    verdicts.append(targets.check("%s native ≤ 3 MiB RSS with one VM" % check, (n.rss_kib or 0) <= 3 * 1024,
                                  "%.1f MiB" % ((n.rss_kib or 0) / 1024)))

n1, nm = vms("1"), vms("many")
if nm > n1 and all(("many", c) in cases for c in CHECKS):
    print("### Cost per VM (%s)\n" % os.environ["BENCH_MANY_NOTE"])
    print("| check | program | instructions per VM | RSS per VM KiB | RSS at 1,000 VMs MiB |")
    print("| --- | --- | ---: | ---: | ---: |")
    for check in CHECKS:
        one, many = cases[("1", check)], cases[("many", check)]
        for p in one.programs:
            q = many[p.name]
            per_vm = (q.instructions - p.instructions) / (nm - n1) if q.instructions and p.instructions else None
            rss_per_vm = (q.rss_kib - p.rss_kib) / (nm - n1)
            at_1000 = p.rss_kib + rss_per_vm * (1000 - n1)
            print("| %s | %s | %s | %.1f | %.1f%s |" % (check, p.label, report.cell(per_vm, "{:,.0f}"), rss_per_vm,
                                                       at_1000 / 1024, "" if nm >= 1000 else " (extrapolated)"))
            if p.name == "native" and check != "check_hypervisor":
                verdicts.append(targets.check("%s native ≤ 8 MiB RSS with 1,000 VMs" % check, at_1000 <= 8 * 1024,
                                              "%.1f MiB%s" % (at_1000 / 1024, "" if nm >= 1000 else
                                                              ", extrapolated from %d VMs" % nm)))
    print()
print("### Targets (issue 16)\n")
print("\n".join(verdicts) + "\n")
targets.finish()
PY
