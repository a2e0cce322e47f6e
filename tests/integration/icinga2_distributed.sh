#!/usr/bin/env bash
# Two Icinga 2 instances on loopback: a master and an agent (a zone of its own whose parent is
# the master), each with its own config, data, state and port, and certificates from one CA
# made with "icinga2 pki". The master schedules the shipped rules (examples/icinga2/
# services.conf) for a host whose agent_endpoint is the agent; the agent runs the checks.
#
# Who ran a check must show in its result. The host's variables name files under WORK/host,
# and the two instances see different files there: the agent runs in a mount namespace of its
# own where WORK/agent-host is mounted on WORK/host, as two machines have two disks. The
# master's view has other VMs and another container name, so a result the master produced
# itself would say so.
#
# First, the distributed example (examples/icinga2/distributed: a master, a satellite zone,
# agents) is validated the way a master compiles it, zones.d and all.
#   icinga2_distributed.sh PLUGIN_DIR WORK_DIR
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 PLUGIN_DIR WORK_DIR" >&2; exit 2; }
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PLUGIN_DIR=$(cd "$1" && pwd)
mkdir -p "$2"
WORK=$(cd "$2" && pwd)
EXAMPLES=$REPO/examples/icinga2
FIXTURES=$REPO/tests/fixtures
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

die() {
    echo "icinga2_distributed.sh: $*" >&2
    local log
    for log in "$WORK"/master/icinga2.log "$WORK"/agent/icinga2.log; do
        if [[ -s $log ]]; then echo "--- last lines of $log:" >&2; tail -n 20 "$log" >&2; fi
    done
    exit 1
}
[[ -x $PLUGIN_DIR/check_hypervisor && -x $PLUGIN_DIR/check_container ]] || die "no checks in $PLUGIN_DIR"
command -v icinga2 >/dev/null || die "icinga2 not installed"
command -v unshare >/dev/null || die "unshare (util-linux) not installed"

export ICINGA2_USER=root ICINGA2_GROUP=root
# defines NAME: the private directories of instance NAME (every one inside WORK/NAME).
defines() {
    local d=$WORK/$1
    echo "-DConfiguration.DataDir=$d/var/lib -DConfiguration.LogDir=$d/var/log -DConfiguration.CacheDir=$d/var/cache" \
        "-DConfiguration.SpoolDir=$d/var/spool -DConfiguration.InitRunDir=$d/var/run -DConfiguration.ConfigDir=$d/etc" \
        "-DConfiguration.ZonesDir=$d/zones.d"
}

# A fresh start: a stale icinga2.state would carry old check results.
if mountpoint -q "$WORK/host" 2>/dev/null; then die "$WORK/host is a mount point: an agent of an earlier run still runs?"; fi
rm -rf "${WORK:?}"/{validate,master,agent,ca,host,master-host,agent-host,probe-state}

# --- 1. The distributed example, laid out as its zones.conf says, compiled as the master does.
mkdir -p "$WORK"/validate/{etc,zones.d/global-templates} "$WORK"/validate/var/{lib,log,cache,spool,run}
cp -r "$EXAMPLES"/distributed/zones.d/. "$WORK/validate/zones.d/"
cp "$EXAMPLES/services.conf" "$EXAMPLES/virtcheck.conf" "$WORK/validate/zones.d/global-templates/"
cat >"$WORK/validate/etc/icinga2.conf" <<EOF
const PluginDir = "$PLUGIN_DIR"
const NodeName = "master1.example.org"
const ZoneName = "master"
include <itl>
include <plugins>
include "$EXAMPLES/distributed/zones.conf"
EOF
# shellcheck disable=SC2046 # defines prints one word per option
if ! out=$(icinga2 daemon -C -c "$WORK/validate/etc/icinga2.conf" $(defines validate) 2>&1); then
    echo "$out" >&2
    die "icinga2 daemon -C rejected examples/icinga2/distributed"
fi
# The agents' services must exist, or the rules sent nothing anywhere.
grep -q "Instantiated [1-9][0-9]* Services" <<<"$out" || die "the distributed example has no services"
echo "icinga2: examples/icinga2/distributed validates (master, satellite zone dc2, agents)"

# --- 2. Two hosts' worth of facts under the same path: the master's view and the agent's.
# node_xml CPUS PREFIX VMS: a test-driver node with CPUS CPUs and VMS running VMs PREFIX-1...
node_xml() {
    echo "<node><cpu><mhz>2400</mhz><model>i686</model><active>$1</active><nodes>1</nodes>"
    echo "<sockets>1</sockets><cores>$1</cores><threads>1</threads></cpu><memory>8388608</memory>"
    local i
    for ((i = 1; i <= $3; i++)); do
        echo "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>$2-$i</name>"
        echo "<memory>524288</memory><vcpu>1</vcpu><os><type>hvm</type></os><test:runstate>1</test:runstate></domain>"
    done
    echo "</node>"
}
# host_view DIR CPUS NAME VMS: node.xml, a copy of the cgroup fixture, and Podman's names file
# calling the fixture's Podman container NAME.
host_view() {
    mkdir -p "$1"
    node_xml "$2" "$3" "$4" >"$1/node.xml"
    cp -r "$FIXTURES/cgroup/tree" "$1/cgroup"
    cp -r "$FIXTURES/cgroup/docker" "$1/docker"
    mkdir -p "$1/podman/overlay-containers"
    sed "s/\"names\":\[\"cache\"\]/\"names\":[\"$3-cache\"]/" "$FIXTURES/cgroup/podman/overlay-containers/containers.json" \
        >"$1/podman/overlay-containers/containers.json"
    grep -q "\"$3-cache\"" "$1/podman/overlay-containers/containers.json" || die "cannot rename the Podman fixture"
}
host_view "$WORK/master-host" 2 master 1
host_view "$WORK/agent-host" 6 agent 3
# The master sees its own view at WORK/host; the agent gets WORK/agent-host mounted there.
cp -r "$WORK/master-host" "$WORK/host"
VIEW_ARGS=(--uri "test://$WORK/host/node.xml")

# The test can fail: run where the master is, the same arguments give the master's facts.
master_view=$(VIRTCHECK_STATE_DIR=$WORK/probe-state "$PLUGIN_DIR/check_hypervisor" "${VIEW_ARGS[@]}" || true)
[[ $master_view == *"2 CPUs"*"1 VM running"* ]] || die "the master's own view is not what this test expects: $master_view"

# --- 3. Ports, a CA and a certificate per node.
# free_port FROM TO: the first loopback port nothing accepts connections on.
free_port() {
    local p
    for p in $(seq "$1" "$2"); do
        if ! (exec 4<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    return 1
}
MASTER_PORT=$(free_port 18500 18504) || die "no free TCP port in 18500-18504 on 127.0.0.1"
AGENT_PORT=$(free_port 18505 18509) || die "no free TCP port in 18505-18509 on 127.0.0.1"
PW=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
MASTER=vc-master AGENT=vc-agent

icinga2 pki new-ca -DConfiguration.DataDir="$WORK/ca" >/dev/null
for node in master agent; do
    name=vc-$node certs=$WORK/$node/var/lib/certs
    mkdir -p "$certs" "$WORK"/$node/{etc,state} "$WORK"/$node/var/{log,cache,spool,run}
    icinga2 pki new-cert --cn "$name" --key "$certs/$name.key" --csr "$certs/$name.csr" >/dev/null
    icinga2 pki sign-csr --csr "$certs/$name.csr" --cert "$certs/$name.crt" -DConfiguration.DataDir="$WORK/ca" >/dev/null
    cp "$WORK/ca/ca/ca.crt" "$certs/ca.crt"
done

# --- 4. The two configurations. The master connects to the agent; the agent accepts commands.
zones() {
    cat <<EOF
object Endpoint "$MASTER" { }
object Zone "master" { endpoints = [ "$MASTER" ] }
object Endpoint "$AGENT" { $1 }
object Zone "$AGENT" {
  endpoints = [ "$AGENT" ]
  parent = "master"
}
EOF
}
cat >"$WORK/master/etc/icinga2.conf" <<EOF
const PluginDir = "$PLUGIN_DIR"
const NodeName = "$MASTER"
const ZoneName = "master"
include <itl>
include <plugins>
$(zones "host = \"127.0.0.1\"; port = \"$AGENT_PORT\"")
object CheckerComponent "checker" { }
object ApiListener "api" {
  bind_host = "127.0.0.1"
  bind_port = $MASTER_PORT
}
object ApiUser "root" {
  password = "$PW"
  permissions = [ "*" ]
}
object Zone "global-templates" { global = true }
include "$EXAMPLES/virtcheck.conf"
EOF
# As examples/icinga2/distributed lays it out: the rules in the global zone, the host in the
# zone that schedules its checks (a checkable with a command endpoint needs a zone).
mkdir -p "$WORK/master/zones.d/master" "$WORK/master/zones.d/global-templates"
cp "$EXAMPLES/services.conf" "$WORK/master/zones.d/global-templates/"
cat >"$WORK/master/zones.d/master/host.conf" <<EOF
object Host "$AGENT" {
  check_command = "dummy"
  enable_active_checks = false
  vars.agent_endpoint = name
  vars.virtcheck_uri = "test://$WORK/host/node.xml"
  vars.virtcheck_containers = true
  vars.virtcheck_container_root = "$WORK/host/cgroup"
  vars.virtcheck_container_docker_dir = "$WORK/host/docker"
  vars.virtcheck_container_podman_dir = "$WORK/host/podman"
  vars.virtcheck_container_exclude = [ "^broken\$\$" ]
  vars.virtcheck_verbose = true
}
EOF
cat >"$WORK/agent/etc/icinga2.conf" <<EOF
const PluginDir = "$PLUGIN_DIR"
const NodeName = "$AGENT"
const ZoneName = "$AGENT"
include <itl>
include <plugins>
$(zones "")
object ApiListener "api" {
  bind_host = "127.0.0.1"
  bind_port = $AGENT_PORT
  accept_commands = true
  accept_config = false
}
include "$EXAMPLES/virtcheck.conf"
EOF
for node in master agent; do
    # shellcheck disable=SC2046
    if ! out=$(icinga2 daemon -C -c "$WORK/$node/etc/icinga2.conf" $(defines $node) 2>&1); then
        echo "$out" >&2
        die "icinga2 daemon -C rejected the $node's configuration"
    fi
done

# --- 5. Start the agent (in its namespace), then the master; stop both by PID on exit.
PIDS=()
stop_all() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
# shellcheck disable=SC2046
VIRTCHECK_STATE_DIR=$WORK/agent/state unshare --mount --propagation private -- \
    sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh "$WORK/agent-host" "$WORK/host" \
    icinga2 daemon -c "$WORK/agent/etc/icinga2.conf" $(defines agent) </dev/null >"$WORK/agent/icinga2.log" 2>&1 &
PIDS+=($!)
end=$((SECONDS + 30))
until (exec 4<>"/dev/tcp/127.0.0.1/$AGENT_PORT") 2>/dev/null; do
    kill -0 "${PIDS[0]}" 2>/dev/null || die "the agent exited during startup (mount namespace refused?)"
    ((SECONDS < end)) || die "the agent's API on 127.0.0.1:$AGENT_PORT is not up after 30 s"
    sleep 0.2
done
# shellcheck disable=SC2046
VIRTCHECK_STATE_DIR=$WORK/master/state icinga2 daemon -c "$WORK/master/etc/icinga2.conf" $(defines master) \
    </dev/null >"$WORK/master/icinga2.log" 2>&1 &
PIDS+=($!)

api() { curl -sk --max-time 5 -u "root:$PW" -H 'Accept: application/json' "$@"; }
BASE=https://127.0.0.1:$MASTER_PORT/v1
# connected: the master's endpoint object for the agent says it is connected.
connected() {
    local answer
    answer=$(api -f "$BASE/objects/endpoints/$AGENT?attrs=connected" 2>/dev/null) || return 1
    "$PY" -c 'import json, sys; sys.exit(0 if json.loads(sys.argv[1])["results"][0]["attrs"]["connected"] else 1)' "$answer"
}
end=$((SECONDS + 60))
until connected; do
    kill -0 "${PIDS[1]}" 2>/dev/null || die "the master exited during startup"
    kill -0 "${PIDS[0]}" 2>/dev/null || die "the agent exited"
    ((SECONDS < end)) || die "the master is not connected to the agent after 60 s"
    sleep 0.5
done
echo "icinga2: master (127.0.0.1:$MASTER_PORT) connected to agent (127.0.0.1:$AGENT_PORT)"

# --- 6. The master schedules; the result it reports must be the agent's.
SERVICES=(hypervisor containers)
for svc in "${SERVICES[@]}"; do
    api -f -X POST "$BASE/actions/reschedule-check" \
        -d "{\"type\": \"Service\", \"service\": \"$AGENT!$svc\", \"force\": true}" >/dev/null ||
        die "reschedule-check for $svc failed"
done
# result SVC: "EXIT_STATUS<TAB>CHECK_SOURCE<TAB>OUTPUT" once the service has a result run by the
# agent or failed to reach it, else nothing (a result before the connection is not one).
result() {
    api "$BASE/objects/services/$AGENT!$1?attrs=last_check_result" | "$PY" -c '
import json, sys
r = json.load(sys.stdin)["results"][0]["attrs"]["last_check_result"]
if r and "is not connected" not in r["output"]:
    print("%d\t%s\t%s" % (r["exit_status"], r["check_source"], r["output"].replace("\n", " / ")))'
}
fail=0
for svc in "${SERVICES[@]}"; do
    end=$((SECONDS + 30)) res=
    until res=$(result "$svc") && [[ -n $res ]]; do
        ((SECONDS < end)) || die "no check result for $svc within 30 s"
        sleep 0.3
    done
    IFS=$'\t' read -r status source output <<<"$res"
    echo "icinga2: $svc exit_status=$status check_source=$source output: $output"
    [[ $source == "$AGENT" ]] || { echo "  $svc was not run by $AGENT" >&2; fail=1; }
    case $svc in
    hypervisor) [[ $status == 0 && $output == "HYPERVISOR OK"*"6 CPUs"*"3 VMs running"* ]] || fail=1 ;;
    containers) [[ $status != 3 && $output == *agent-cache* && $output != *master-cache* ]] || fail=1 ;;
    esac
done
# The rates' state files are where the checks ran: on the agent only.
[[ -n $(ls -A "$WORK/agent/state" 2>/dev/null) ]] || { echo "  the agent's state directory is empty" >&2; fail=1; }
[[ -z $(ls -A "$WORK/master/state" 2>/dev/null) ]] || { echo "  the master ran checks itself (state files)" >&2; fail=1; }
((fail == 0)) || die "the results the master reports are not the agent's"
echo "icinga2: the master's results for $AGENT were produced by the agent, from the agent's view"
