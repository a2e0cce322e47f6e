#!/usr/bin/env bash
# What virtcheck-alert's bookkeeping costs: `virtcheck-alert run` over 200 services
# (check_vm_state on libvirt's test driver, one node file per service) against the same 200
# checks run alone with the same parallelism (xargs -P), and the database size after
# 100,000 recorded results. See bench/README.md.
#
#   bench/alert.sh [BUILD_DIR]        (default BUILD_DIR: <repo>/build)
#
# Environment:
#   BENCH_SERVICES=200 BENCH_PARALLEL=2   services, checks at the same time (both sides)
#   BENCH_RUNS=10 BENCH_WARMUP=2          hyperfine runs / warmup runs per command
#   BENCH_RESULTS=100000                  results recorded for the database size
#   BENCH_CHANGE_EVERY=20                 in the size run, every Nth run changes every
#                                         service's state (and notifies a command)
#   BENCH_STRICT=1                        exit 1 when the 5 % target is missed
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=$(realpath -m "${1:-$repo/build}")
out=$build/bench/alert
services=${BENCH_SERVICES:-200}
parallel=${BENCH_PARALLEL:-2}
runs=${BENCH_RUNS:-10}
warmup=${BENCH_WARMUP:-2}
results=${BENCH_RESULTS:-100000}
change_every=${BENCH_CHANGE_EVERY:-20}
alert=$build/bin/virtcheck-alert
check=$build/plugins/check_vm_state

die() { echo "bench/alert.sh: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

"$repo/scripts/install-deps.sh" bench >&2
command -v hyperfine >/dev/null || die "hyperfine not found"
[[ -x $alert && -x $check ]] ||
    die "build first: cmake --build $build --target virtcheck-alert check_vm_state"
rm -rf "$out"
mkdir -p "$out"

# --- 200 services on the test driver ---------------------------------------
# Each service its own node file of 10 VMs (one paused: WARNING), as 200 hosts would be.
for ((s = 1; s <= services; s++)); do
    {
        echo "<node><cpu><mhz>2400</mhz><nodes>1</nodes><sockets>1</sockets><cores>8</cores><threads>1</threads><active>8</active><model>x86_64</model></cpu><memory>16777216</memory>"
        for ((i = 1; i <= 10; i++)); do
            runstate=1
            ((i == 5)) && runstate=3
            printf "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>h%d-vm%d</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os><test:runstate>%d</test:runstate></domain>\n" "$s" "$i" "$runstate"
        done
        echo "</node>"
    } >"$out/node-$s.xml"
    echo "test://$out/node-$s.xml" >>"$out/uris"
done

{
    printf '[defaults]\ndatabase = "timing.db"\nhost = "bench"\nparallel = %d\nattempts = 3\npath = ["%s"]\nnotify = []\n' \
        "$parallel" "$build/plugins"
    printf '[notifier.none]\ntype = "command"\ncommand = ["/bin/true"]\n'
    for ((s = 1; s <= services; s++)); do
        printf '[[service]]\nname = "host%d-vm-state"\ncommand = ["check_vm_state", "--uri", "test://%s/node-%d.xml"]\n' "$s" "$out" "$s"
    done
} >"$out/timing.toml"
"$alert" --config "$out/timing.toml" check-config >&2

alone="xargs -P $parallel -I URI $check --uri URI < $out/uris > /dev/null; true"
with_alert="$alert --config $out/timing.toml run --force"
log "sanity: one run each"
bash -c "$alone"
$with_alert || die "virtcheck-alert run failed"
[[ $("$alert" --config "$out/timing.toml" status | grep -c WARNING) -eq $services ]] ||
    die "not every service was recorded as WARNING"

# The same with a check that does nothing (/bin/true): what is left is the bookkeeping itself
# (start, database, one transaction per result) next to plain fork and exec.
sed 's|command = \["check_vm_state", "--uri", "[^"]*"\]|command = ["/bin/true"]|; s|timing.db|empty.db|' \
    "$out/timing.toml" >"$out/empty.toml"
empty_alone="seq $services | xargs -P $parallel -I X /bin/true"
empty_alert="$alert --config $out/empty.toml run --force"
$empty_alert || die "virtcheck-alert run (empty checks) failed"

log "hyperfine: $services checks alone vs virtcheck-alert run ($runs runs, parallelism $parallel)"
hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$out/timing.json" \
    --command-name "checks alone (xargs -P $parallel)" "bash -c '$alone'" \
    --command-name "virtcheck-alert run" "$with_alert" \
    --command-name "empty checks alone" "bash -c '$empty_alone'" \
    --command-name "virtcheck-alert run, empty checks" "$empty_alert" >&2

# --- the database after 100,000 results ------------------------------------
# A check that costs nothing (so that 100,000 results take minutes, not hours) and prints a
# line as long as check_vm_state's; every BENCH_CHANGE_EVERY-th run all of them change state,
# which records a history entry and a notification (to /bin/true) per service.
"$check" --uri "test://$out/node-1.xml" >"$out/sample-output.txt" || true
cat >"$out/fake_check.sh" <<'SCRIPT'
#!/bin/sh
cat "${0%/*}/sample-output.txt"
exit "$(cat "${0%/*}/state")"
SCRIPT
chmod +x "$out/fake_check.sh"
{
    printf '[defaults]\ndatabase = "size.db"\nhost = "bench"\nparallel = %d\nattempts = 1\nrenotify = 0\nflap_changes = 0\nnotify = ["none"]\n' "$parallel"
    printf '[notifier.none]\ntype = "command"\ncommand = ["/bin/true"]\n'
    for ((s = 1; s <= services; s++)); do
        printf '[[service]]\nname = "host%d-vm-state"\ncommand = ["%s"]\n' "$s" "$out/fake_check.sh"
    done
} >"$out/size.toml"
rounds=$(( (results + services - 1) / services ))
log "recording $((rounds * services)) results ($rounds runs of $services services; all change state every $change_every runs)"
echo 1 >"$out/state"
size_started=$EPOCHREALTIME
for ((r = 0; r < rounds; r++)); do
    if ((r % change_every == 0)); then echo $(( $(<"$out/state") == 1 ? 2 : 1 )) >"$out/state"; fi
    VIRTCHECK_NOW=$((1800000000 + r * 300)) "$alert" --config "$out/size.toml" run --force ||
        die "run $r failed"
done
size_ended=$EPOCHREALTIME
"$alert" --config "$out/size.toml" prune --older-than 3650d >/dev/null  # checkpoints the WAL
db_bytes=$(stat -c %s "$out/size.db")
recorded=$((rounds * services))

# --- report ----------------------------------------------------------------
/usr/bin/python3 - "$out/timing.json" "$db_bytes" "$out/size.db" "$recorded" "$size_started" "$size_ended" \
    "$services" "$parallel" "${BENCH_STRICT:-0}" <<'PY' | tee "$out/alert.md"
import json, sqlite3, sys
timing, db_bytes, db, recorded, started, ended, services, parallel, strict = sys.argv[1:]
size_seconds = float(ended) - float(started)
with sqlite3.connect(db) as connection:
    events = connection.execute("SELECT count(*) FROM event").fetchone()[0]
    notifications = connection.execute("SELECT count(*) FROM notification").fetchone()[0]
results = {r["command"]: r for r in json.load(open(timing))["results"]}
alone = next(v for k, v in results.items() if k.startswith("checks alone"))
run = results["virtcheck-alert run"]
empty_alone = results["empty checks alone"]
empty_run = results["virtcheck-alert run, empty checks"]
cpu = lambda r: r["user"] + r["system"]
overhead = (run["mean"] - alone["mean"]) / alone["mean"] * 100
cpu_overhead = (cpu(run) - cpu(alone)) / cpu(alone) * 100
per_service = (empty_run["mean"] - empty_alone["mean"]) / int(services) * 1000
per_service_cpu = (cpu(empty_run) - cpu(empty_alone)) / int(services) * 1000
print(f"## virtcheck-alert: {services} services, parallelism {parallel}\n")
print("| what | wall mean | ± stddev | min | CPU (user+sys) |")
print("| --- | --- | --- | --- | --- |")
for name, r in (("check_vm_state ×" + services + " alone", alone), ("virtcheck-alert run", run),
                ("/bin/true ×" + services + " alone", empty_alone), ("virtcheck-alert run, /bin/true checks", empty_run)):
    print(f"| {name} | {r['mean']:.3f} s | {r['stddev']:.3f} s | {r['min']:.3f} s | {cpu(r):.3f} s |")
print(f"\nBookkeeping, wall time: {overhead:+.1f} % of the checks' own time; CPU time: {cpu_overhead:+.1f} % "
      f"(target ≤ 5 %: {'met' if overhead <= 5 else 'MISSED'}). Per service, measured with empty checks: "
      f"{per_service:.2f} ms wall, {per_service_cpu:.2f} ms CPU.\n")
mib = int(db_bytes) / 1024 / 1024
print(f"Database after {int(recorded):,} recorded results ({events} history entries, {notifications} "
      f"notifications): {int(db_bytes):,} bytes ({mib:.1f} MiB), {int(db_bytes) / int(recorded):.0f} bytes per result; "
      f"recording took {float(size_seconds):.0f} s.")
if strict == "1" and overhead > 5:
    sys.exit(1)
PY
