#!/usr/bin/env bash
# Benchmark check_host_cpu, check_host_memory, check_datastore, check_vnet and
# check_vm_snapshot at 1 and 100 objects (VMs, pools, networks), side by side
# with the same checks written as minimal C programs making the same libvirt
# calls (the floors).  Only libvirt's in-process test driver is used: no
# daemon is started, stopped or contacted.  See bench/README.md; the settings
# every driver shares are in bench/lib.sh.
#
#   bench/objects.sh [BUILD_DIR]        (default BUILD_DIR: <repo>/build)
#
# The test driver's node files are written to BUILD_DIR/bench/.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init "$@"
sizes=(1 100)

need pkg-config
pkg-config --exists libvirt || die "libvirt development files not found (libvirt-dev)"
checks=(check_host_cpu check_host_memory check_datastore check_vnet check_vm_snapshot)
need_checks "${checks[@]}"

# --- state files -----------------------------------------------------------
# check_host_cpu keeps its previous counters in a state file (virtcheck in
# VIRTCHECK_STATE_DIR, its floor in TMPDIR); emptied so every run starts the same.
rm -rf "$out/state-objects"
mkdir -p "$out/state-objects/virtcheck" "$out/state-objects/tmp"
export VIRTCHECK_STATE_DIR=$out/state-objects/virtcheck
export TMPDIR=$out/state-objects/tmp

for check in "${checks[@]}"; do
    # shellcheck disable=SC2046  # pkg-config output must be split into words
    build_floor "${check}_floor.c" "$out/${check}_floor" $(pkg-config --cflags --libs libvirt)
done

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

# --- the runs --------------------------------------------------------------
# bench CHECK N: virtcheck and its floor against CHECK's node file with N objects.
#   The test driver has no host memory counters (virNodeGetMemoryStats: not supported), and
#   its host CPU counters never advance, so from the second run on check_host_cpu cannot
#   compute CPU use: both checks are UNKNOWN (3), as their floors are.
#   check_host_cpu runs in steady state: each program ran once before (--prime).
bench() {
    local check=$1 n=$2 uri want=0 opts=()
    uri=test://$(node_file "$check" "$n")
    case $check in
    check_host_cpu) want=3 opts=(--prime) ;;
    check_host_memory) want=3 ;;
    esac
    programs_reset
    program --callgrind-args "-t 3600" virtcheck "virtcheck $check" "$build/plugins/$check" --uri "$uri"
    program floor "C floor (libvirt only)" "$out/${check}_floor" --uri "$uri"
    bench_case "${opts[@]}" "objects-$check-n$n" "$want" "$(expect_line "$check" "$want")"
}

for check in "${checks[@]}"; do
    for n in "${sizes[@]}"; do
        bench "$check" "$n"
    done
done

# --- the report ------------------------------------------------------------
bench_report objects <<'PY'
import report

# check, (label at 1, label at 100), what one object is
CHECKS = [
    ("check_host_cpu", ("1 VM", "100 VMs"), "VM"),
    ("check_host_memory", ("1 VM", "100 VMs"), "VM"),
    ("check_datastore", ("1 pool, 10 volumes", "100 pools, 1,000 volumes"), "pool"),
    ("check_vnet", ("1 network", "100 networks"), "network"),
    ("check_vm_snapshot", ("1 VM, 3 snapshots", "100 VMs, 300 snapshots"), "VM"),
]
TAGS = ["n1", "n100"]

print("## check_host_cpu, check_host_memory, check_datastore, check_vnet and check_vm_snapshot\n")
print(report.method("; test driver only (no daemon)"))
print("Test driver node files `BUILD_DIR/bench/{hosts,pools,networks,snapshots}-N.xml`, one kind of object "
      "each; the driver parses the whole file on every connection, the same for both programs. "
      "check_host_cpu and check_host_memory exit 3 (UNKNOWN) on the test driver, as their floors do "
      "(no host memory counters; host CPU counters that never advance); the exit code of every timed run "
      "is checked. check_host_cpu runs in steady state: each program ran before the timing, so every timed "
      "run reads and rewrites its state file (virtcheck's also locked and fsync'ed, the floor's not).\n")

cases = {}
for check, labels, _ in CHECKS:
    for tag, label in zip(TAGS, labels):
        cases[check, tag] = case = report.load("objects-%s-%s" % (check, tag))
        print("### %s, %s\n" % (check, label))
        print(report.measured())
        print(report.table(case))

have_ir = all(p.instructions for c in cases.values() for p in c.programs)
print("### Cost per object\n")
print("From 1 to 100 objects: difference of the wall medians (and of the instructions) ÷ 99.\n")
print("| check | per | virtcheck ms | floor ms | virtcheck instr. | floor instr. |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
for check, labels, per in CHECKS:
    one, hundred = cases[check, "n1"], cases[check, "n100"]
    ms = [(hundred[p].median_ms - one[p].median_ms) / 99 for p in ("virtcheck", "floor")]
    ir = [(hundred[p].instructions - one[p].instructions) / 99 if have_ir else None for p in ("virtcheck", "floor")]
    print("| %s | %s | %.3f | %.3f | %s | %s |" % (check, per, *ms, *[report.cell(v, "{:,.0f}") for v in ir]))
print()

targets = report.Targets()
verdicts = []
for check, labels, _ in CHECKS:
    for tag, label in zip(TAGS, labels):
        case = cases[check, tag]
        v, f = case["virtcheck"], case["floor"]
        r = v.median_ms / f.median_ms
        figure = "%.2f× (%.2f ms vs %.2f ms)" % (r, v.median_ms, f.median_ms)
        if have_ir:
            figure += "; %.3f× in instructions" % (v.instructions / f.instructions)
        verdicts.append(targets.check("%s ≤ 1.15× floor at %s" % (check, label), r <= 1.15, figure))
print("### Targets (wall medians)\n")
print("\n".join(verdicts) + "\n")
targets.finish()
PY
