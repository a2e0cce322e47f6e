#!/usr/bin/env bash
# Benchmark check_hypervisor against the same check written as a minimal C
# program (the floor), in Python (python3-libvirt) and in Perl (Sys::Virt +
# Monitoring::Plugin), on a real libvirtd and on libvirt's test driver.
# See bench/README.md; the settings every driver shares are in bench/lib.sh.
#
#   flock /tmp/vc-libvirtd.lock bench/run.sh [BUILD_DIR]   (default BUILD_DIR: <repo>/build)
#
# A real libvirtd with one running VM is started through
# tests/peers/libvirtd.sh and stopped on exit.  If a libvirtd is already
# running on this machine it is reused as it is and left running.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init "$@"

need pkg-config /usr/bin/perl
pkg-config --exists libvirt || die "libvirt development files not found (libvirt-dev)"
$py -c 'import libvirt' 2>/dev/null || die "python3-libvirt not installed"
/usr/bin/perl -MSys::Virt -MMonitoring::Plugin -e 1 2>/dev/null ||
    die "Perl Sys::Virt / Monitoring::Plugin not installed (libsys-virt-perl, libmonitoring-plugin-perl)"
need_checks check_hypervisor

floor=$out/check_hypervisor_floor
# shellcheck disable=SC2046  # pkg-config output must be split into words
build_floor check_hypervisor_floor.c "$floor" $(pkg-config --cflags --libs libvirt)

libvirtd_use

# bench_uri TAG URI: the four programs doing the same work against URI.
bench_uri() {
    programs_reset
    program --callgrind-args "-t 3600" check_hypervisor "virtcheck check_hypervisor" \
        "$build/plugins/check_hypervisor" --uri "$2"
    program floor "C floor (libvirt only)" "$floor" --uri "$2"
    program python "Python (python3-libvirt)" "$here/python/check_hypervisor.py" --uri "$2"
    program perl "Perl (Sys::Virt + Monitoring::Plugin)" "$here/perl/check_hypervisor.pl" --uri "$2"
    bench_case "hypervisor-$1" 0 "HYPERVISOR OK - *"
}
bench_uri qemu qemu:///system
bench_uri test test:///default

bench_report hypervisor <<'PY'
import os
import report

URIS = [("qemu", "qemu:///system", "real libvirtd over the unix socket, 1 running QEMU VM"),
        ("test", "test:///default", "libvirt's in-process test driver, no daemon")]

print("## check_hypervisor\n")
print(report.method("; " + os.environ["BENCH_DAEMON_NOTE"]))
targets = report.Targets()
verdicts = []
for tag, uri, what in URIS:
    case = report.load("hypervisor-" + tag)
    print("### check_hypervisor, %s (%s)\n" % (uri, what))
    print(report.measured())
    print(report.table(case))
    chk, floor = case["check_hypervisor"].median_ms, case["floor"].median_ms
    python, perl = case["python"].median_ms, case["perl"].median_ms
    figure = "%.2f× (%.2f ms vs %.2f ms)" % (chk / floor, chk, floor)
    if case["floor"].instructions:
        figure += "; %.3f× in instructions" % (case["check_hypervisor"].instructions / case["floor"].instructions)
    verdicts += [
        targets.check("%s: check_hypervisor ≤ 1.15× floor" % uri, chk / floor <= 1.15, figure),
        targets.check("%s: check_hypervisor ≥ 2× faster than Python" % uri, python / chk >= 2,
                      "%.1f× faster" % (python / chk)),
        targets.check("%s: check_hypervisor ≥ 3× faster than Perl" % uri, perl / chk >= 3,
                      "%.1f× faster" % (perl / chk)),
    ]
print("### Targets (wall medians)\n")
print("\n".join(verdicts) + "\n")
targets.finish()
PY
