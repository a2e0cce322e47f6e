#!/usr/bin/env bash
# Benchmark check_hypervisor against the same check written as a minimal C
# program (the floor), in Python (python3-libvirt) and in Perl (Sys::Virt +
# Monitoring::Plugin).  See bench/README.md.
#
#   bench/run.sh [BUILD_DIR]        (default BUILD_DIR: <repo>/build)
#
# Environment:
#   BENCH_RUNS=50 BENCH_WARMUP=5   hyperfine runs / warmup runs per command
#   BENCH_RSS_RUNS=5               runs per command for the max-RSS column
#   BENCH_STRICT=1                 exit 1 when a target is missed
#
# A real libvirtd with one running VM is started through
# tests/peers/libvirtd.sh and stopped on exit.  If a libvirtd is already
# running on this machine it is reused as it is and left running.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=$(realpath -m "${1:-$repo/build}")
out=$build/bench
runs=${BENCH_RUNS:-50}
warmup=${BENCH_WARMUP:-5}
rss_runs=${BENCH_RSS_RUNS:-5}
peer=$repo/tests/peers/libvirtd.sh

die() { echo "bench/run.sh: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

"$repo/scripts/install-deps.sh" bench >&2
[ -x "$build/plugins/check_hypervisor" ] || die "build first: cmake -S $repo -B $build && cmake --build $build"

# Debian's interpreters, not whatever python3 comes first in PATH (pyenv, venvs):
# python3-libvirt is installed for /usr/bin/python3 only.
py=/usr/bin/python3
for tool in hyperfine cc pkg-config $py /usr/bin/perl; do
    command -v "$tool" >/dev/null || die "$tool not found"
done
pkg-config --exists libvirt || die "libvirt development files not found (libvirt-dev)"
$py -c 'import libvirt' 2>/dev/null || die "python3-libvirt not installed"
/usr/bin/perl -MSys::Virt -MMonitoring::Plugin -e 1 2>/dev/null ||
    die "Perl Sys::Virt / Monitoring::Plugin not installed (libsys-virt-perl, libmonitoring-plugin-perl)"

check=$build/plugins/check_hypervisor
[[ -x $check ]] || die "$check not found: build virtcheck first (or pass its build directory)"
mkdir -p "$out"

# --- the floor -------------------------------------------------------------
floor=$out/check_hypervisor_floor
log "building the C floor: $floor"
# shellcheck disable=SC2046  # pkg-config output must be split into words
cc -O2 -o "$floor" "$here/floor/check_hypervisor_floor.c" $(pkg-config --cflags --libs libvirt)

names=(check_hypervisor floor python perl)
progs=("$check" "$floor" "$here/python/check_hypervisor.py" "$here/perl/check_hypervisor.pl")

# --- the real daemon -------------------------------------------------------
state=
daemon_note=
source "$here/common.sh"
cleanup() {
    local rc=$?
    if [[ -n $state ]]; then
        log "stopping libvirtd"
        # Keep the state directory (it holds the saved qemu.conf) if stop failed.
        if "$peer" stop "$state" >&2 && ! stray_daemons; then
            rm -rf "$state"
        else
            echo "bench/run.sh: stopping libvirtd failed; state kept in $state" >&2
            rc=1
        fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_daemon

# --- the runs --------------------------------------------------------------
# Every program must print an OK line and exit 0 (hyperfine stops at the
# first non-zero exit): check that once per URI before timing anything.
preflight() {
    local uri=$1 i line rc
    for i in "${!names[@]}"; do
        rc=0
        line=$("${progs[$i]}" --uri "$uri" 2>&1) || rc=$?
        printf '   %-16s %s\n' "${names[$i]}" "$line" >&2
        [[ $rc -eq 0 && $line == "HYPERVISOR OK - "* ]] ||
            die "${names[$i]} failed against $uri (exit $rc)"
    done
}

# Max RSS (KiB) of one program: the largest of BENCH_RSS_RUNS runs.
max_rss() {
    local uri=$1 prog=$2 i kib best=0
    for ((i = 0; i < rss_runs; i++)); do
        if [[ -x /usr/bin/time ]]; then
            /usr/bin/time -f %M -o "$out/.maxrss" "$prog" --uri "$uri" >/dev/null 2>&1 || true
            kib=$(tail -n 1 "$out/.maxrss")
        else
            kib=$($py -c 'import os, sys
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_WRONLY); os.dup2(fd, 1); os.dup2(fd, 2)
    os.execv(sys.argv[1], sys.argv[1:])
print(os.wait4(pid, 0)[2].ru_maxrss)' "$prog" --uri "$uri")
        fi
        if ((kib > best)); then best=$kib; fi
    done
    echo "$best"
}

bench_uri() {
    local tag=$1 uri=$2 i args=()
    log "$uri: pre-flight"
    preflight "$uri"
    for i in "${!names[@]}"; do
        args+=(-n "${names[$i]}" "$(printf '%q --uri %q' "${progs[$i]}" "$uri")")
    done
    log "$uri: hyperfine ($warmup warmup, $runs runs each)"
    hyperfine -N --style basic --warmup "$warmup" --runs "$runs" \
        --export-json "$out/hypervisor-$tag.json" "${args[@]}" >&2
    log "$uri: max RSS ($rss_runs runs each)"
    for i in "${!names[@]}"; do
        echo "${names[$i]} $(max_rss "$uri" "${progs[$i]}")"
    done >"$out/hypervisor-$tag.rss"
}

bench_uri qemu qemu:///system
bench_uri test test:///default

# --- the report ------------------------------------------------------------
report=$out/hypervisor.md
rc=0
$py - "$out" "$daemon_note" "$runs" "$warmup" >"$report" <<'PY' || rc=$?
import json, os, platform, subprocess, sys

out, daemon_note, runs, warmup = sys.argv[1:5]
ORDER = ["check_hypervisor", "floor", "python", "perl"]
LABEL = {
    "check_hypervisor": "virtcheck check_hypervisor",
    "floor": "C floor (libvirt only)",
    "python": "Python (python3-libvirt)",
    "perl": "Perl (Sys::Virt + Monitoring::Plugin)",
}
URIS = [("qemu", "qemu:///system", "real libvirtd over the unix socket, 1 running QEMU VM"),
        ("test", "test:///default", "libvirt's in-process test driver, no daemon")]

def load(tag):
    with open(os.path.join(out, "hypervisor-%s.json" % tag)) as f:
        results = {r["command"]: r for r in json.load(f)["results"]}
    rss = {}
    with open(os.path.join(out, "hypervisor-%s.rss" % tag)) as f:
        for line in f:
            name, kib = line.split()
            rss[name] = int(kib)
    return results, rss

libvirt_version = subprocess.run(["pkg-config", "--modversion", "libvirt"],
                                 capture_output=True, text=True).stdout.strip()
print("# check_hypervisor benchmark\n")
print("hyperfine: %s runs after %s warmup runs per command, no shell; "
      "max RSS: largest of several runs. Host: %s, %d CPUs, libvirt %s; %s.\n"
      % (runs, warmup, platform.node(), os.cpu_count(), libvirt_version, daemon_note))

missed = 0
for tag, uri, what in URIS:
    res, rss = load(tag)
    floor = res["floor"]["mean"]
    print("## %s (%s)\n" % (uri, what))
    print("| program | mean ms | ± stddev ms | × floor | median ms | max RSS MiB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in ORDER:
        r = res[name]
        print("| %s | %.2f | ± %.2f | %.2f× | %.2f | %.1f |" % (
            LABEL[name], r["mean"] * 1e3, r["stddev"] * 1e3, r["mean"] / floor,
            r["median"] * 1e3, rss.get(name, 0) / 1024))
    chk = res["check_hypervisor"]["mean"]
    targets = [
        ("check_hypervisor ≤ 1.15× floor", chk / floor <= 1.15,
         "%.2f× floor (%.2f ms vs %.2f ms)" % (chk / floor, chk * 1e3, floor * 1e3)),
        ("check_hypervisor ≥ 2× faster than Python", res["python"]["mean"] / chk >= 2,
         "%.1f× faster" % (res["python"]["mean"] / chk)),
        ("check_hypervisor ≥ 3× faster than Perl", res["perl"]["mean"] / chk >= 3,
         "%.1f× faster" % (res["perl"]["mean"] / chk)),
    ]
    print("\nTargets against %s:\n" % uri)
    for text, ok, figure in targets:
        missed += not ok
        print("- %s: **%s** — %s" % (text, "PASS" if ok else "MISS", figure))
    print()
sys.exit(4 if missed else 0)  # 4: a target was missed
PY
rm -f "$out/.maxrss"
[[ $rc -eq 0 || $rc -eq 4 ]] || die "writing the report failed"
cat "$report"
echo "(written to $report; raw data: $out/hypervisor-{qemu,test}.{json,rss})" >&2
if [[ ${BENCH_STRICT:-0} == 1 && $rc -ne 0 ]]; then exit 1; fi
