#!/usr/bin/env bash
# Benchmark check_vm_state and check_vm_cpu at 1, 100 and 1,000 VMs (libvirt's
# test driver) and against a real libvirtd with one QEMU VM, side by side with
# the same checks written as minimal C programs (the floors), in Python
# (python3-libvirt) and in Perl (Sys::Virt + Monitoring::Plugin).
# See bench/README.md; the settings every driver shares are in bench/lib.sh.
#
#   flock /tmp/vc-libvirtd.lock bench/vms.sh [BUILD_DIR]   (default BUILD_DIR: <repo>/build)
#
# Environment, besides bench/lib.sh's (here BENCH_RUNS=30, BENCH_WARMUP=3):
#   BENCH_RUNS_1000=20 BENCH_WARMUP_1000=3   rounds at 1,000 VMs (~0.3-1 s a run)
#
# The test driver's node files (node-N.xml) are written to BUILD_DIR/bench/.
# A real libvirtd with one running VM is started through
# tests/peers/libvirtd.sh after the test-driver runs and stopped on exit.  If
# a libvirtd is already running on this machine it is reused as it is and
# left running.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
default_runs=30 default_warmup=3
bench_init "$@"
runs_1000=${BENCH_RUNS_1000:-20}
warmup_1000=${BENCH_WARMUP_1000:-3}
sizes=(1 100 1000)

need pkg-config /usr/bin/perl
pkg-config --exists libvirt || die "libvirt development files not found (libvirt-dev)"
$py -c 'import libvirt' 2>/dev/null || die "python3-libvirt not installed"
/usr/bin/perl -MSys::Virt -MMonitoring::Plugin -MStorable -e 1 2>/dev/null ||
    die "Perl Sys::Virt / Monitoring::Plugin not installed (libsys-virt-perl, libmonitoring-plugin-perl)"
checks=(check_vm_state check_vm_cpu)
need_checks "${checks[@]}"

# --- state files -----------------------------------------------------------
# virtcheck's state directory, and the temporary directory the Python and Perl
# versions keep their state files in; emptied so every run starts the same.
rm -rf "$out/state"
mkdir -p "$out/state/virtcheck" "$out/state/tmp"
export VIRTCHECK_STATE_DIR=$out/state/virtcheck
export TMPDIR=$out/state/tmp

for check in "${checks[@]}"; do
    # shellcheck disable=SC2046  # pkg-config output must be split into words
    build_floor "${check}_floor.c" "$out/${check}_floor" $(pkg-config --cflags --libs libvirt)
done

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

# --- the runs --------------------------------------------------------------
# bench CHECK TAG URI: the four programs for CHECK against URI.
#   check_vm_state is CRITICAL (2) when a VM crashed: 1 in 100 does at 100 and 1,000 VMs.
#   check_vm_cpu runs in steady state: each program ran once before (--prime), so every
#   timed run reads and rewrites its state file; none may still be at its first sample.
bench() {
    local check=$1 tag=$2 uri=$3 want=0 opts=()
    if [[ $check == check_vm_state && ($tag == n100 || $tag == n1000) ]]; then want=2; fi
    if [[ $check == check_vm_cpu ]]; then opts+=(--prime --reject "first sample"); fi
    if [[ $tag == n1000 ]]; then opts+=(--runs "$runs_1000" --warmup "$warmup_1000"); fi
    programs_reset
    program --callgrind-args "-t 3600" virtcheck "virtcheck $check" "$build/plugins/$check" --uri "$uri"
    program floor "C floor (libvirt only)" "$out/${check}_floor" --uri "$uri"
    program python "Python (python3-libvirt)" "$here/python/$check.py" --uri "$uri"
    program perl "Perl (Sys::Virt + Monitoring::Plugin)" "$here/perl/$check.pl" --uri "$uri"
    bench_case "${opts[@]}" "vms-$check-$tag" "$want" "$(expect_line "$check" "$want")"
}

for n in "${sizes[@]}"; do
    for check in "${checks[@]}"; do
        bench "$check" "n$n" "test://$out/node-$n.xml"
    done
done
libvirtd_use
for check in "${checks[@]}"; do
    bench "$check" qemu qemu:///system
done

# --- the report ------------------------------------------------------------
export BENCH_ROUNDS_1000=$runs_1000 BENCH_WARMUP_1000=$warmup_1000
bench_report vms <<'PY'
import os
import report

CHECKS = ["check_vm_state", "check_vm_cpu"]
TAGS = [("n1", "1 VM"), ("n100", "100 VMs"), ("n1000", "1,000 VMs"), ("qemu", "qemu:///system, 1 VM")]
RSS_LIMIT_MIB = 12

print("## check_vm_state and check_vm_cpu\n")
print(report.method("; %s rounds after %s at 1,000 VMs; %s" % (
    os.environ["BENCH_ROUNDS_1000"], os.environ["BENCH_WARMUP_1000"], os.environ["BENCH_DAEMON_NOTE"])))
print("Test driver: `test://BUILD_DIR/bench/node-N.xml`, N VMs with 1 vCPU, 1 in 50 shut off, 1 in 100 "
      "crashed; the driver parses the whole file on every connection, which is most of the time at 100 and "
      "1,000 VMs and the same for all four programs. check_vm_state exits 2 (CRITICAL) at 100 and 1,000 VMs "
      "because of the crashed VMs, as all four programs should; the exit code of every timed run is checked. "
      "check_vm_cpu runs in steady state: each program ran before the timing, so every timed run reads and "
      "rewrites its state file (virtcheck's also locked and fsync'ed).\n")

targets = report.Targets()
for check in CHECKS:
    cases = {tag: report.load("vms-%s-%s" % (check, tag)) for tag, _ in TAGS}
    for tag, label in TAGS:
        print("### %s, %s\n" % (check, label))
        print(report.measured())
        print(report.table(cases[tag]))

    # Cost per VM: slope between the sizes, from the medians (and the instructions).
    def slopes(value):
        a = (value(cases["n100"]) - value(cases["n1"])) / 99
        b = (value(cases["n1000"]) - value(cases["n100"])) / 900
        return a, b
    have_ir = all(c[p.name].instructions for c in cases.values() for p in c.programs)
    print("### %s, cost per VM\n" % check)
    print("Difference of the wall medians (and of the instructions) ÷ difference in VMs:\n")
    print("| program | ms/VM, 1 → 100 | ms/VM, 100 → 1,000 | ratio | instr./VM, 1 → 100 | instr./VM, 100 → 1,000 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    per_vm = {}
    for p in cases["n1"].programs:
        a, b = slopes(lambda c: c[p.name].median_ms)
        ia, ib = slopes(lambda c: c[p.name].instructions) if have_ir else (None, None)
        per_vm[p.name] = (a, b, ia, ib)
        print("| %s | %.3f | %.3f | %s | %s | %s |" % (
            p.label, a, b, report.cell(report.ratio(b, a) if a > 0 else None, "{:.2f}"),
            report.cell(ia, "{:,.0f}"), report.cell(ib, "{:,.0f}")))
    print()

    verdicts = []
    for tag, label in TAGS:
        c = cases[tag]
        r = c["virtcheck"].median_ms / c["floor"].median_ms
        figure = "%.2f×" % r
        if have_ir:
            figure += ", %.3f× in instructions" % (c["virtcheck"].instructions / c["floor"].instructions)
        verdicts.append(targets.check("%s ≤ 1.15× floor at %s" % (check, label), r <= 1.15, figure))
    q = cases["qemu"]
    v = q["virtcheck"].median_ms
    verdicts.append(targets.check("%s ≥ 2× faster than Python on qemu:///system" % check,
                                  q["python"].median_ms / v >= 2, "%.2f× faster" % (q["python"].median_ms / v)))
    verdicts.append(targets.check("%s ≥ 3× faster than Perl on qemu:///system" % check,
                                  q["perl"].median_ms / v >= 3, "%.2f× faster" % (q["perl"].median_ms / v)))
    # Linear: one more VM costs no more at 1,000 VMs than at 100 (slope from 100 to 1,000 VMs at
    # most 1.5× the slope from 1 to 100).
    a, b, ia, ib = per_vm["virtcheck"]
    fa, fb, _, _ = per_vm["floor"]
    verdicts.append(targets.check("%s cost linear in VMs" % check, a > 0 and b <= 1.5 * a,
                                  "%.3f ms/VM from 100 to 1,000 VMs vs %.3f ms/VM from 1 to 100 (C floor: %.3f vs %.3f)"
                                  % (b, a, fb, fa)))
    if have_ir:
        verdicts.append(targets.check("%s cost linear in VMs, counted in instructions" % check, ib <= 1.5 * ia,
                                      "{:,.0f} instructions/VM from 100 to 1,000 VMs vs {:,.0f} from 1 to 100"
                                      .format(ib, ia)))
    kib = cases["n1000"]["virtcheck"].rss_kib or 0
    verdicts.append(targets.check("%s ≤ %d MiB max RSS at 1,000 VMs" % (check, RSS_LIMIT_MIB),
                                  0 < kib <= RSS_LIMIT_MIB * 1024,
                                  "%.1f MiB (C floor: %.1f MiB)" % (kib / 1024, cases["n1000"]["floor"].rss_kib / 1024)))
    print("### %s, targets (wall medians)\n" % check)
    print("\n".join(verdicts) + "\n")
targets.finish()
PY
