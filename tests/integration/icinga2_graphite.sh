#!/usr/bin/env bash
# Every CheckCommand of examples/icinga2/virtcheck.conf through a real Icinga 2 whose
# GraphiteWriter sends to a carbon receiver of ours on loopback, for two check rounds (the
# first run of a rate stores a sample, the second gives rates). Icinga 2's metric writers
# reject perfdata they cannot parse (a 'U' value, say) with "Ignoring invalid perfdata": the
# log must have none, and every service's perfdata must reach the receiver.
# libvirt commands run against test:///default and the node fixtures, SNMP commands against
# snmpsim (tests/peers/snmpsim.sh) and snmpd (tests/peers/snmpd.sh) when they answer, the
# container command against the cgroup fixture.
#   icinga2_graphite.sh PLUGIN_DIR WORK_DIR
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 PLUGIN_DIR WORK_DIR" >&2; exit 2; }
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PLUGIN_DIR=$(cd "$1" && pwd)
mkdir -p "$2"
WORK=$(cd "$2" && pwd)
LOG=$WORK/icinga2.log
METRICS=$WORK/metrics.txt
FIXTURES=$REPO/tests/fixtures
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

die() {
    echo "icinga2_graphite.sh: $*" >&2
    if [[ -s $LOG ]]; then echo "--- last lines of $LOG:" >&2; tail -n 20 "$LOG" >&2; fi
    exit 1
}
[[ -x $PLUGIN_DIR/check_hypervisor ]] || die "$PLUGIN_DIR/check_hypervisor not found or not executable"
command -v icinga2 >/dev/null || die "icinga2 not installed"

rm -rf "${WORK:?}"/{etc,var,state} "$LOG" "$METRICS"
mkdir -p "$WORK"/etc "$WORK"/var/{lib,log,cache,spool,run} "$WORK/state"
: >"$METRICS"

free_port() {
    local p
    for p in $(seq "$1" "$2"); do
        if ! (exec 4<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    return 1
}
API_PORT=$(free_port 18510 18514) || die "no free TCP port in 18510-18514 on 127.0.0.1"
CARBON_PORT=$(free_port 18515 18519) || die "no free TCP port in 18515-18519 on 127.0.0.1"
PW=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
NODE=virtcheck-graphite

PIDS=()
stop_all() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

"$PY" "$REPO/tests/peers/carbon_receiver.py" "$CARBON_PORT" "$METRICS" </dev/null >"$WORK/carbon.log" 2>&1 &
PIDS+=($!)
end=$((SECONDS + 10))
until (exec 4<>"/dev/tcp/127.0.0.1/$CARBON_PORT") 2>/dev/null; do
    kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$WORK/carbon.log" >&2; die "the carbon receiver exited"; }
    ((SECONDS < end)) || die "the carbon receiver is not up on 127.0.0.1:$CARBON_PORT after 10 s"
    sleep 0.1
done

export ICINGA2_USER=root ICINGA2_GROUP=root
DEFS=(-DConfiguration.DataDir="$WORK/var/lib" -DConfiguration.LogDir="$WORK/var/log"
    -DConfiguration.CacheDir="$WORK/var/cache" -DConfiguration.SpoolDir="$WORK/var/spool"
    -DConfiguration.InitRunDir="$WORK/var/run" -DConfiguration.ConfigDir="$WORK/etc")
CERTS=$WORK/var/lib/certs
mkdir -p "$CERTS"
icinga2 pki new-cert --cn "$NODE" --key "$CERTS/$NODE.key" --cert "$CERTS/$NODE.crt" >/dev/null
cp "$CERTS/$NODE.crt" "$CERTS/ca.crt"

# The targets: one host per data source, the services every CheckCommand that serves it.
snmp_answers() { timeout 5 snmpget -v2c -c "$2" -r 0 -t 0.5 "127.0.0.1:$1" 1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; }
COMMANDS=$(grep -o '^object CheckCommand "virtcheck-[^"]*"' "$REPO/examples/icinga2/virtcheck.conf" | cut -d'"' -f2)
[[ -n $COMMANDS ]] || die "no CheckCommands in examples/icinga2/virtcheck.conf"
{
    cat <<EOF
const PluginDir = "$PLUGIN_DIR"
const NodeName = "$NODE"
const ZoneName = "master"
include <itl>
include <plugins>
include "$REPO/examples/icinga2/virtcheck.conf"

object Endpoint NodeName { }
object Zone ZoneName { endpoints = [ NodeName ] }
object CheckerComponent "checker" { }
object ApiListener "api" {
  bind_host = "127.0.0.1"
  bind_port = $API_PORT
}
object ApiUser "root" {
  password = "$PW"
  permissions = [ "*" ]
}
object GraphiteWriter "graphite" {
  host = "127.0.0.1"
  port = $CARBON_PORT
}

template Host "target" {
  check_command = "dummy"
  enable_active_checks = false
  address = "127.0.0.1"
}
object Host "libvirt-default" {
  import "target"
  vars.virtcheck_uri = "test:///default"
}
object Host "libvirt-states" {
  import "target"
  vars.virtcheck_uri = "test://$FIXTURES/nodes/every-state.xml"
}
object Host "libvirt-storage" {
  import "target"
  vars.virtcheck_uri = "test://$FIXTURES/nodes/storage-network.xml"
}
object Host "containers" {
  import "target"
  vars.virtcheck_container_root = "$FIXTURES/cgroup/tree"
  vars.virtcheck_container_docker_dir = "$FIXTURES/cgroup/docker"
  vars.virtcheck_container_podman_dir = "$FIXTURES/cgroup/podman"
}
EOF
    snmp_hosts=()
    if snmp_answers 16162 esxi; then
        snmp_hosts+=(snmp-esxi)
        printf 'object Host "snmp-esxi" {\n  import "target"\n  vars.virtcheck_snmp_port = 16162\n  vars.virtcheck_snmp_community = "esxi"\n  vars.virtcheck_snmp_esxi = true\n}\n'
    fi
    if snmp_answers 16161 public; then
        snmp_hosts+=(snmp-netsnmp)
        printf 'object Host "snmp-netsnmp" {\n  import "target"\n  vars.virtcheck_snmp_port = 16161\n  vars.virtcheck_snmp_community = "public"\n}\n'
    fi
    for command in $COMMANDS; do
        case $command in
        virtcheck-container) hosts=(containers) ;;
        virtcheck-vm-state-snmp)  # vmwVmTable: ESXi only
            hosts=()
            if [[ " ${snmp_hosts[*]} " == *" snmp-esxi "* ]]; then hosts=(snmp-esxi); fi
            ;;
        *-snmp) hosts=("${snmp_hosts[@]}") ;;
        *) hosts=(libvirt-default libvirt-states libvirt-storage) ;;
        esac
        for host in "${hosts[@]}"; do
            printf 'object Service "%s" {\n  host_name = "%s"\n  check_command = "%s"\n  check_interval = 1h\n}\n' \
                "${command#virtcheck-}" "$host" "$command"
        done
    done
} >"$WORK/etc/icinga2.conf"
[[ " ${snmp_hosts[*]} " == *" snmp-esxi "* ]] || echo "icinga2: snmpsim does not answer on 127.0.0.1:16162: no SNMP services for it"
[[ " ${snmp_hosts[*]} " == *" snmp-netsnmp "* ]] || echo "icinga2: snmpd does not answer on 127.0.0.1:16161: no SNMP services for it"

if ! out=$(icinga2 daemon -C -c "$WORK/etc/icinga2.conf" "${DEFS[@]}" 2>&1); then
    echo "$out" >&2
    die "icinga2 daemon -C rejected the configuration"
fi

# Rates need a state file that lasts from the first round to the second.
VIRTCHECK_STATE_DIR=$WORK/state icinga2 daemon -c "$WORK/etc/icinga2.conf" "${DEFS[@]}" </dev/null >"$LOG" 2>&1 &
PIDS+=($!)

api() { curl -sk --max-time 10 -u "root:$PW" -H 'Accept: application/json' "$@"; }
BASE=https://127.0.0.1:$API_PORT/v1
end=$((SECONDS + 30))
until api -f "$BASE/status/IcingaApplication" >/dev/null; do
    kill -0 "${PIDS[1]}" 2>/dev/null || die "icinga2 exited during startup"
    ((SECONDS < end)) || die "icinga2 API on 127.0.0.1:$API_PORT not up after 30 s"
    sleep 0.2
done
# The writer drops what it is given before it has connected (under load its first attempt
# can fail and the next comes 10 s later): start the rounds once it has.
end=$((SECONDS + 40))
until grep -q "GraphiteWriter: Finished reconnecting to Graphite" "$LOG"; do
    ((SECONDS < end)) || die "icinga2's GraphiteWriter did not connect to 127.0.0.1:$CARBON_PORT within 40 s"
    sleep 0.2
done

# results SINCE: one line per service, "HOST!SERVICE<TAB>EXECUTION_END<TAB>PERFDATA COUNT",
# with EXECUTION_END 0 while it has no result that ended after SINCE.
results() {
    api "$BASE/objects/services?attrs=last_check_result" | "$PY" -c '
import json, sys
since = float(sys.argv[1])
for s in json.load(sys.stdin)["results"]:
    r = s["attrs"]["last_check_result"]
    done = r is not None and r["execution_end"] > since
    print("%s\t%s\t%d" % (s["name"], r["execution_end"] if done else 0, len(r["performance_data"] or []) if done else 0))' "$1"
}
total=$(results 0 | wc -l)
for round in 1 2; do
    since=$(date +%s.%N)
    api -f -X POST "$BASE/actions/reschedule-check" -d '{"type": "Service", "filter": "true", "force": true}' >/dev/null ||
        die "reschedule-check failed in round $round"
    end=$((SECONDS + 60))
    until [[ $(results "$since" | awk -F'\t' '$2 == 0' | wc -l) == 0 ]]; do
        ((SECONDS < end)) || die "round $round: no new results within 60 s for: $(results "$since" | awk -F'\t' '$2 == 0 {print $1}' | tr '\n' ' ')"
        sleep 0.5
    done
    echo "icinga2: round $round: $total services checked"
    # Rates need the clock to move between the rounds.
    sleep 1.1
done

# The writer sends in the background: give it until every service with perfdata shows up.
with_perfdata=$(results 0 | awk -F'\t' '$3 > 0 {print $1}')
# missing: the services with perfdata of which no metric arrived, under the path of
# GraphiteWriter's default service template (icinga2.HOST.services.SERVICE.COMMAND.perfdata...;
# its names have '.' and ' ' escaped as '_', and ours have neither).
missing() {
    local name
    for name in $with_perfdata; do
        grep -q "^icinga2\.${name%%!*}\.services\.${name#*!}\." "$METRICS" || echo "$name"
    done
}
end=$((SECONDS + 20))
while [[ -n $(missing) ]]; do
    ((SECONDS < end)) || break
    sleep 0.5
done

fail=0
invalid=$(grep -c "Ignoring invalid perfdata" "$LOG" || true)
if ((invalid > 0)); then
    echo "icinga2: $invalid \"Ignoring invalid perfdata\" warnings, e.g.:" >&2
    grep "Ignoring invalid perfdata" "$LOG" | sed 's/^/  /' | head -n 10 >&2
    fail=1
fi
lines=$(wc -l <"$METRICS")
((lines > 0)) || { echo "icinga2: the carbon receiver got no metrics" >&2; fail=1; }
if [[ -n $(missing) ]]; then
    echo "icinga2: no metrics received for: $(missing | tr '\n' ' ')" >&2
    fail=1
fi
# A metric line is "PATH VALUE TIMESTAMP" with a plain number for VALUE.
bad=$(awk 'NF != 3 || $2 !~ /^-?[0-9]+(\.[0-9]+)?$/' "$METRICS" | head -n 5)
[[ -z $bad ]] || { echo "icinga2: malformed metric lines: $bad" >&2; fail=1; }
((fail == 0)) || die "the Graphite writer did not take every check's perfdata"
echo "icinga2: $lines metrics from $(wc -w <<<"$with_perfdata") services with perfdata, no invalid perfdata"
