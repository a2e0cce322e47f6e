#!/usr/bin/env bash
# Validate examples/icinga2/*.conf with Icinga 2, then let a private Icinga 2 daemon execute the
# example CheckCommand for real and read the results back over its REST API (127.0.0.1 only).
#   icinga2_run.sh PLUGIN_DIR WORK_DIR
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 PLUGIN_DIR WORK_DIR" >&2; exit 2; }
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PLUGIN_DIR=$(cd "$1" && pwd)
mkdir -p "$2"
WORK=$(cd "$2" && pwd)
LOG=$WORK/icinga2.log
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

die() {
    echo "icinga2_run.sh: $*" >&2
    if [[ -s $LOG ]]; then echo "--- last lines of $LOG:" >&2; tail -n 30 "$LOG" >&2; fi
    exit 1
}
[[ -x $PLUGIN_DIR/check_hypervisor ]] || die "$PLUGIN_DIR/check_hypervisor not found or not executable"
command -v icinga2 >/dev/null || die "icinga2 not installed"

# Fresh private state every run: a stale icinga2.state would carry old check results.
rm -rf "${WORK:?}/etc" "${WORK:?}/var" "$LOG"
mkdir -p "$WORK"/etc "$WORK"/var/{lib,log,cache,spool,run}

# A free loopback port for the API (15665 and a few after it): free = nothing accepts a connection.
PORT=
for p in $(seq 15665 15684); do
    if ! (exec 4<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORT=$p; break; fi
done
[[ -n $PORT ]] || die "no free TCP port in 15665-15684 on 127.0.0.1"
PW=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
NODE=virtcheck-icinga

# Run as root with every directory inside WORK: nothing of the system's Icinga 2 is touched.
export ICINGA2_USER=root ICINGA2_GROUP=root
DEFS=(-DConfiguration.DataDir="$WORK/var/lib" -DConfiguration.LogDir="$WORK/var/log"
    -DConfiguration.CacheDir="$WORK/var/cache" -DConfiguration.SpoolDir="$WORK/var/spool"
    -DConfiguration.InitRunDir="$WORK/var/run" -DConfiguration.ConfigDir="$WORK/etc")

# The API wants NodeName.crt/.key and a ca.crt in DataDir/certs; a self-signed cert is its own CA.
CERTS=$WORK/var/lib/certs
mkdir -p "$CERTS"
icinga2 pki new-cert --cn "$NODE" --key "$CERTS/$NODE.key" --cert "$CERTS/$NODE.crt" >/dev/null
cp "$CERTS/$NODE.crt" "$CERTS/ca.crt"

cat >"$WORK/etc/base.conf" <<EOF
const PluginDir = "$PLUGIN_DIR"
const NodeName = "$NODE"
const ZoneName = "master"
include <itl>
include <plugins>

object Endpoint NodeName { }
object Zone ZoneName { endpoints = [ NodeName ] }
object CheckerComponent "checker" { }
object ApiListener "api" {
  bind_host = "127.0.0.1"
  bind_port = $PORT
}
object ApiUser "root" {
  password = "$PW"
  permissions = [ "*" ]
}
EOF

# Validation covers every example file (hosts.conf included); the daemon only runs our services,
# so it never checks the example hosts.
cat >"$WORK/etc/validate.conf" <<EOF
include "base.conf"
include "$REPO/examples/icinga2/*.conf"
EOF
cat >"$WORK/etc/run.conf" <<EOF
include "base.conf"
include "$REPO/examples/icinga2/virtcheck.conf"

object Host "virtcheck-test" {
  check_command = "dummy"
  enable_active_checks = false
}
object Service "hypervisor" {
  host_name = "virtcheck-test"
  check_command = "virtcheck-hypervisor"
  check_interval = 1h
  vars.virtcheck_uri = "test:///default"
}
object Service "hypervisor-down" {
  host_name = "virtcheck-test"
  check_command = "virtcheck-hypervisor"
  check_interval = 1h
  vars.virtcheck_uri = "qemu+unix:///system?socket=/nonexistent/sock"
}
// vSphere mode with nothing listening (18458: the vSphere tests' closed port); the password
// travels in the environment. No session cache: nothing is written to the state directory.
object Service "vsphere-down" {
  host_name = "virtcheck-test"
  check_command = "virtcheck-vm-state-vsphere"
  check_interval = 1h
  vars.virtcheck_vsphere_url = "https://127.0.0.1:18458/sdk"
  vars.virtcheck_vsphere_user = "monitor"
  vars.virtcheck_vsphere_password = "icinga-vsphere-secret"
  vars.virtcheck_vsphere_no_session_cache = true
  vars.virtcheck_timeout = 3
}
EOF

for conf in validate run; do
    if ! out=$(icinga2 daemon -C -c "$WORK/etc/$conf.conf" "${DEFS[@]}" 2>&1); then
        echo "$out" >&2
        die "icinga2 daemon -C rejected $conf.conf"
    fi
done
echo "icinga2: examples/icinga2/*.conf validate"

icinga2 daemon -c "$WORK/etc/run.conf" "${DEFS[@]}" </dev/null >"$LOG" 2>&1 &
IPID=$!
trap 'kill "$IPID" 2>/dev/null || true; wait "$IPID" 2>/dev/null || true' EXIT

api() { curl -sk --max-time 5 -u "root:$PW" -H 'Accept: application/json' "$@"; }
BASE=https://127.0.0.1:$PORT/v1

end=$((SECONDS + 30))
until api -f "$BASE/status/IcingaApplication" >/dev/null; do
    kill -0 "$IPID" 2>/dev/null || die "icinga2 exited during startup"
    ((SECONDS < end)) || die "icinga2 API on 127.0.0.1:$PORT not up after 30 s"
    sleep 0.2
done
echo "icinga2: API up on 127.0.0.1:$PORT after ${SECONDS}s"

for svc in hypervisor hypervisor-down vsphere-down; do
    api -f -X POST "$BASE/actions/reschedule-check" \
        -d "{\"type\": \"Service\", \"service\": \"virtcheck-test!$svc\", \"force\": true}" >/dev/null ||
        die "reschedule-check for $svc failed"
done

# result SVC: prints "EXIT_STATUS<TAB>OUTPUT" once the service has a check result, else nothing.
result() {
    api "$BASE/objects/services/virtcheck-test!$1?attrs=last_check_result" | "$PY" -c '
import json, sys
r = json.load(sys.stdin)["results"][0]["attrs"]["last_check_result"]
if r:
    print("%d\t%s" % (r["exit_status"], r["output"]))'
}

fail=0
for svc in hypervisor hypervisor-down vsphere-down; do
    end=$((SECONDS + 20)) res=
    until res=$(result "$svc") && [[ -n $res ]]; do
        ((SECONDS < end)) || die "no check result for $svc within 20 s"
        sleep 0.2
    done
    status=${res%%$'\t'*} output=${res#*$'\t'}
    echo "icinga2: $svc exit_status=$status output: $output"
    case $svc in
    hypervisor) [[ $status == 0 && $output == "HYPERVISOR OK"* ]] || fail=1 ;;
    hypervisor-down) [[ $status == 2 && $output == *"hypervisor not running"* ]] || fail=1 ;;
    vsphere-down) [[ $status == 2 && $output == *"vSphere API at https://127.0.0.1:18458/sdk not reachable"* &&
        $output != *icinga-vsphere-secret* ]] || fail=1 ;;
    esac
done
((fail == 0)) || die "unexpected check results (want OK for test:///default, CRITICAL for the missing socket and for vSphere with nothing listening)"
echo "icinga2: all three services gave the expected results"
