#!/usr/bin/env bash
# Benchmark the SNMP modes of check_hypervisor, check_host_cpu, check_datastore
# and check_vm_state side by side with the same work written as minimal C
# programs on net-snmp (the floors), and check_hypervisor against
# monitoring-plugins' check_snmp reading one value.  Also records which shared
# objects a run loads: an SNMP run must not load libvirt, a libvirt run must
# not load net-snmp.  See bench/README.md; the settings every driver shares
# are in bench/lib.sh.
#
#   bench/snmp.sh [BUILD_DIR]        (default BUILD_DIR: <repo>/build)
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
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init "$@"
check_snmp=/usr/lib/nagios/plugins/check_snmp

need net-snmp-config snmpget
[[ -x $check_snmp ]] ||
    die "$check_snmp not found: apt-get install --no-install-recommends monitoring-plugins-standard"
checks=(check_hypervisor check_host_cpu check_datastore check_vm_state)
need_checks "${checks[@]}"

# No SNMP check keeps a state file, but none may touch the system's state directory either.
rm -rf "$out/state-snmp"
mkdir -p "$out/state-snmp"
export VIRTCHECK_STATE_DIR=$out/state-snmp

# --- the floors ------------------------------------------------------------
# Each floor twice: as it is, and linked (not calling anything) with the C++
# runtime every virtcheck check loads, libstdc++.so with libm and libgcc_s:
# the difference is what being a dynamically linked C++ program costs at start-up.
for check in "${checks[@]}"; do
    # shellcheck disable=SC2046  # net-snmp-config output must be split into words
    build_floor "${check}_snmp_floor.c" "$out/${check}_snmp_floor" $(net-snmp-config --netsnmp-libs)
    # shellcheck disable=SC2046
    build_floor "${check}_snmp_floor.c" "$out/${check}_snmp_floor_cxx" \
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
stop_agents() {
    local peer ok=0
    for peer in "${started[@]}"; do
        log "stopping $(basename "$peer" .sh)"
        if ! "$peer" stop "$agents_dir/$(basename "$peer" .sh)" >&2; then
            echo "bench/snmp.sh: stopping $(basename "$peer" .sh) failed; its state is kept in $agents_dir" >&2
            ok=1
        fi
    done
    # The agents' directories (configuration, logs) go once both agents are stopped.
    if [[ -n $agents_dir && $ok == 0 ]]; then rm -rf "$agents_dir"; fi
    return "$ok"
}
at_exit stop_agents
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
# tag|check|agent label|expected exit code|arguments (the same for virtcheck and the floors)
v3="-U vcuser -a SHA -A vc-auth-secret -x AES -X vc-priv-secret"
cases=(
    "snmp-hypervisor-snmpd-v2c|check_hypervisor|snmpd, v2c|0|-H 127.0.0.1 -p 16161 -C public"
    "snmp-hypervisor-snmpd-v3|check_hypervisor|snmpd, v3 authPriv (SHA/AES)|0|-H 127.0.0.1 -p 16161 $v3"
    "snmp-hypervisor-esxi-v2c|check_hypervisor|snmpsim esxi, v2c|0|-H 127.0.0.1 -p 16162 -C esxi"
    "snmp-host_cpu-esxi|check_host_cpu|snmpsim esxi, v2c|0|-H 127.0.0.1 -p 16162 -C esxi"
    "snmp-datastore-esxi|check_datastore|snmpsim esxi, v2c|3|-H 127.0.0.1 -p 16162 -C esxi"
    "snmp-vm_state-esxi|check_vm_state|snmpsim esxi, v2c|1|-H 127.0.0.1 -p 16162 -C esxi"
)

# bench "TAG|CHECK|LABEL|RC|ARGS": virtcheck and both floors with the same arguments; all get
# -t 3600 under valgrind: the default 10 s (divided over 3 tries) could end a slowed-down run.
bench() {
    local tag check want argline
    IFS='|' read -r tag check _ want argline <<<"$1"
    local -a argv
    read -ra argv <<<"$argline"
    programs_reset
    program --callgrind-args "-t 3600" virtcheck "virtcheck $check" "$build/plugins/$check" "${argv[@]}"
    program --callgrind-args "-t 3600" floor "C floor (net-snmp only)" "$out/${check}_snmp_floor" "${argv[@]}"
    program --callgrind-args "-t 3600" floor_cxx "C floor + libstdc++" "$out/${check}_snmp_floor_cxx" "${argv[@]}"
    bench_case "$tag" "$want" "$(expect_line "$check" "$want")"
}

# check_hypervisor (a GET of 7 OIDs, all of its own start-up) against check_snmp reading
# sysUpTime (it runs snmpget for that: counted with it), and that snmpget alone.
bench_check_snmp() {
    programs_reset
    program --expect "HYPERVISOR OK - *" --callgrind-args "-t 3600" check_hypervisor "virtcheck check_hypervisor" \
        "$build/plugins/check_hypervisor" -H 127.0.0.1 -p 16161 -C public
    program --expect "SNMP OK - *" --callgrind-args "-t 600" check_snmp "check_snmp (monitoring-plugins)" \
        "$check_snmp" -H 127.0.0.1 -p 16161 -C public -P 2c -o 1.3.6.1.2.1.1.3.0
    program --expect "*Timeticks*" snmpget "snmpget (net-snmp), as check_snmp runs it" \
        snmpget -Le -t 10 -r 5 -m '' -v 2c -c public 127.0.0.1:16161 1.3.6.1.2.1.1.3.0
    bench_case snmp-check_snmp 0 "*"
}

# The shared objects a run maps (LD_DEBUG=files: every object ld.so loads,
# at start-up or through dlopen), one line per check and mode in snmp.ld:
#   CHECK MODE EXIT libvirt=yes|no netsnmp=yes|no N obj1,obj2,...
loaded_objects() {
    local check=$1 mode=$2 rc objs n virt snmp
    shift 2
    rc=0
    rm -f "$out"/.bench.ld.*
    LD_DEBUG=files LD_DEBUG_OUTPUT=$out/.bench.ld timeout "$run_limit" "$build/plugins/$check" "$@" >/dev/null 2>&1 || rc=$?
    objs=$(sed -n 's/.*file=\([^ ]*\) \[[0-9]*\];  generating link map.*/\1/p' "$out"/.bench.ld.* 2>/dev/null | xargs -rn1 basename | sort -u) || true
    rm -f "$out"/.bench.ld.*
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

libraries
for c in "${cases[@]}"; do
    bench "$c"
done
bench_check_snmp

# --- the report ------------------------------------------------------------
BENCH_AGENTS=$(IFS=';'; echo "${agent_note[*]}")
BENCH_VERSIONS="net-snmp $(net-snmp-config --version); monitoring-plugins-standard $(dpkg-query -W -f='${Version}' monitoring-plugins-standard 2>/dev/null || echo '?')"
BENCH_CASES=$(printf '%s\n' "${cases[@]}")
export BENCH_AGENTS BENCH_VERSIONS BENCH_CASES
bench_report snmp <<'PY'
import os
import report

cases = [c.split("|") for c in os.environ["BENCH_CASES"].splitlines()]
TARGET = 1.2

print("## SNMP mode: check_hypervisor, check_host_cpu, check_datastore and check_vm_state\n")
print(report.method("; %s; agents: %s" % (os.environ["BENCH_VERSIONS"], os.environ["BENCH_AGENTS"].replace(";", "; "))))
print("All programs of a case get the same command line. The floors are `bench/floor/check_*_snmp_floor.c` "
      "(net-snmp only, set up as virtcheck sets it up); **C floor + libstdc++** is the same C program linked, "
      "without calling it, with the shared C++ runtime (libstdc++.so, libm, libgcc_s). check_datastore exits 3 "
      "(UNKNOWN: the recording has a datastore whose size wrapped Integer32 and one without hrStorageUsed) and "
      "check_vm_state 1 (WARNING: 2 suspended VMs), as their floors do; the exit code of every timed run is "
      "checked.\n")

data = {}
for tag, check, label, want, args in cases:
    data[tag] = case = report.load(tag)
    print("### %s, %s\n" % (check, label))
    print(report.measured())
    print(report.table(case))

have_ir = all(p.instructions for c in data.values() for p in c.programs)
if have_ir:
    print("### Where virtcheck's instructions go\n")
    print("**C++ runtime** is (floor + libstdc++) − floor, **virtcheck's own** is virtcheck − (floor + libstdc++); "
          "the agent's work is in another process and not counted.\n")
    print("| check | agent | C++ runtime M instr. | virtcheck's own M instr. |")
    print("| --- | --- | ---: | ---: |")
    for tag, check, label, want, args in cases:
        c = data[tag]
        print("| %s | %s | %.2f | %.2f |" % (check, label, (c["floor_cxx"].instructions - c["floor"].instructions) / 1e6,
                                            (c["virtcheck"].instructions - c["floor_cxx"].instructions) / 1e6))
    print()

cs = report.load("snmp-check_snmp")
print("### check_hypervisor against monitoring-plugins' check_snmp\n")
print(report.measured())
print("snmpd, v2c. check_hypervisor asks for 7 OIDs in one GET; check_snmp for one (sysUpTime.0, "
      "`-o 1.3.6.1.2.1.1.3.0`), which it reads by running `snmpget` (shown alone on the last line, with the "
      "options check_snmp gives it). check_snmp's wall time and instructions include its snmpget child; its "
      "max RSS is the larger of the two (wait4 reports the children a process waited for).\n")
print(report.table(cs, ref="check_hypervisor", ref_label="check_hypervisor"))

print("### Shared objects loaded (LD_DEBUG=files)\n")
print("SNMP mode against snmpsim esxi; libvirt mode against `test:///default` (in-process test driver).\n")
print("| check | mode | exit | objects | libvirt loaded | net-snmp loaded |")
print("| --- | --- | ---: | ---: | --- | --- |")
targets = report.Targets()
ld_ok = True
with open(os.path.join(report.out_dir(), "snmp.ld")) as f:
    ld = [line.split() for line in f if line.strip()]
for check, mode, code, virt, snmp, n, *objs in ld:
    virt, snmp = virt.split("=")[1], snmp.split("=")[1]
    print("| %s | %s | %s | %s | %s | %s |" % (check, mode, code, n, virt, snmp))
    if (mode == "snmp" and (virt == "yes" or snmp == "no")) or (mode == "libvirt" and (snmp == "yes" or virt == "no")):
        ld_ok = False
for mode in ("snmp", "libvirt"):
    print("\ncheck_hypervisor, %s mode: %s" % (mode, next((" ".join(l[6:]).replace(",", ", ") for l in ld
                                                           if l[0] == "check_hypervisor" and l[1] == mode), "?")))
print()

verdicts = []
for tag, check, label, want, args in cases:
    v, f = data[tag]["virtcheck"], data[tag]["floor"]
    r = v.median_ms / f.median_ms
    figure = "%.3f× (%.2f ms vs %.2f ms; CPU %.2f×)" % (r, v.median_ms, f.median_ms, v.cpu_ms / f.cpu_ms)
    if have_ir:
        figure += "; %.3f× in instructions" % (v.instructions / f.instructions)
    verdicts.append(targets.check("%s (%s) ≤ %.1f× floor" % (check, label, TARGET), r <= TARGET, figure))
chk, snmp = cs["check_hypervisor"], cs["check_snmp"]
verdicts.append(targets.check("check_hypervisor (7 OIDs) not slower than check_snmp (1 OID)",
                              chk.median_ms <= snmp.median_ms,
                              "%.2f ms vs %.2f ms (%.2f×)" % (chk.median_ms, snmp.median_ms,
                                                             chk.median_ms / snmp.median_ms)))
verdicts.append(targets.check("an SNMP run loads no libvirt, a libvirt run no net-snmp", ld_ok,
                              "see the table of shared objects"))
print("### Targets (wall medians; CPU is user + system time)\n")
print("\n".join(verdicts) + "\n")
targets.finish()
PY
