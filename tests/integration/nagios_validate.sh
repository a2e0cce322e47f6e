#!/usr/bin/env bash
# Check examples/nagios/virtcheck.cfg with Nagios 4: "nagios4 -v" on a minimal private main config,
# then run nagios4 in the foreground once and read the services' results from its perfdata file.
# Most services leave arguments out (no URI, no options, an empty community or auth file), as
# users do: none of them may be UNKNOWN for it. The SNMP services need snmpsim and snmpd
# (tests/peers) on their high ports, which the commands must let a user choose.
#   nagios_validate.sh PLUGIN_DIR WORK_DIR
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 PLUGIN_DIR WORK_DIR" >&2; exit 2; }
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PLUGIN_DIR=$(cd "$1" && pwd)
mkdir -p "$2"
WORK=$(cd "$2" && pwd)
NAGIOS=/usr/sbin/nagios4
CFG=$WORK/nagios.cfg
PERF=$WORK/var/perfdata.log

die() {
    echo "nagios_validate.sh: $*" >&2
    if [[ -s $WORK/var/nagios.log ]]; then
        echo "--- last lines of $WORK/var/nagios.log:" >&2
        tail -n 20 "$WORK/var/nagios.log" >&2
    fi
    exit 1
}
[[ -x $NAGIOS ]] || die "$NAGIOS not installed"
[[ -x $PLUGIN_DIR/check_hypervisor ]] || die "$PLUGIN_DIR/check_hypervisor not found or not executable"

rm -rf "${WORK:?}/var"
mkdir -p "$WORK/var/checkresults" "$WORK/var/state"

echo "\$USER1\$=$PLUGIN_DIR" >"$WORK/resource.cfg"
FIXTURES=$REPO/tests/fixtures

# The SNMP services run when snmpsim (community esxi) and snmpd (user vcuser) answer.
snmp_answers() { timeout 5 snmpget -v2c -c "$2" -r 0 -t 0.5 "127.0.0.1:$1" 1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; }
SNMP=false
if snmp_answers 16162 esxi && snmp_answers 16161 public; then
    SNMP=true
else
    echo "nagios4: snmpsim (127.0.0.1:16162) or snmpd (127.0.0.1:16161) does not answer: SNMP services only validated"
fi
# The community from a file the nagios user owns (mode 600); the SNMPv3 passwords of
# tests/peers/snmpd.sh from Nagios' environment, which its checks inherit.
echo "community = esxi" >"$WORK/esxi.auth"
chown nagios:nagios "$WORK/esxi.auth"
chmod 600 "$WORK/esxi.auth"
export VIRTCHECK_SNMP_AUTH_PASSWORD=vc-auth-secret VIRTCHECK_SNMP_PRIV_PASSWORD=vc-priv-secret
export LIBVIRT_DEFAULT_URI=test:///default
# The rate checks' state files, where the nagios user may write them.
export VIRTCHECK_STATE_DIR=$WORK/var/state

# Every path inside WORK; interval_length=1 and no check spread so the first checks run at once.
cat >"$CFG" <<EOF
cfg_file=$REPO/examples/nagios/virtcheck.cfg
cfg_file=$WORK/objects.cfg
resource_file=$WORK/resource.cfg
log_file=$WORK/var/nagios.log
log_archive_path=$WORK/var
object_cache_file=$WORK/var/objects.cache
precached_object_file=$WORK/var/objects.precache
status_file=$WORK/var/status.dat
temp_file=$WORK/var/nagios.tmp
temp_path=$WORK/var
lock_file=$WORK/var/nagios.lock
check_result_path=$WORK/var/checkresults
state_retention_file=$WORK/var/retention.dat
query_socket=$WORK/var/nagios.qh
nagios_user=nagios
nagios_group=nagios
use_syslog=0
check_external_commands=0
retain_state_information=0
enable_notifications=0
check_for_updates=0
illegal_macro_output_chars=\`~\$&|'"<>
interval_length=1
service_inter_check_delay_method=n
max_service_check_spread=1
check_result_reaper_frequency=1
process_performance_data=1
service_perfdata_file=$PERF
service_perfdata_file_mode=a
service_perfdata_file_processing_interval=1
service_perfdata_file_template=\$HOSTNAME\$\t\$SERVICEDESC\$\t\$SERVICESTATEID\$\t\$SERVICEOUTPUT\$\t\$SERVICEPERFDATA\$
EOF

cat >"$WORK/objects.cfg" <<EOF
define timeperiod {
    timeperiod_name 24x7
    alias           always
    sunday          00:00-24:00
    monday          00:00-24:00
    tuesday         00:00-24:00
    wednesday       00:00-24:00
    thursday        00:00-24:00
    friday          00:00-24:00
    saturday        00:00-24:00
}
define command {
    command_name    notify-none
    command_line    /bin/true
}
define contact {
    contact_name                  virtcheck
    host_notification_period      24x7
    service_notification_period   24x7
    host_notification_commands    notify-none
    service_notification_commands notify-none
}
define host {
    host_name             virtcheck-test
    address               127.0.0.1
    max_check_attempts    1
    check_period          24x7
    active_checks_enabled 0
    contacts              virtcheck
    notification_interval 0
    notification_period   24x7
}
define service {
    name                  virtcheck-service
    host_name             virtcheck-test
    max_check_attempts    1
    check_interval        3600
    retry_interval        3600
    check_period          24x7
    contacts              virtcheck
    notification_interval 0
    notification_period   24x7
    register              0
}
define service {
    use                   virtcheck-service
    service_description   hypervisor
    check_command         check_hypervisor!test:///default!-w 1s -c 5s
}
define service {
    use                   virtcheck-service
    service_description   hypervisor-down
    check_command         check_hypervisor!qemu+unix:///system?socket=/nonexistent/sock!-w 1s -c 5s
}
# Only validated, never run: vCenter is not here.
define service {
    use                   virtcheck-service
    service_description   vm-cpu-vsphere
    check_command         check_vm_cpu_vsphere!https://vc1.example.org/sdk!/etc/nagios/vsphere-vc1.conf!80%!95%!5%!10%
    active_checks_enabled 0
}
# Only validated, never run: it would ssh to the host address.
define service {
    use                   virtcheck-service
    service_description   hypervisor-remote
    check_command         check_hypervisor_remote!-w 1s -c 5s
    active_checks_enabled 0
}
# Arguments left out: every one (the URI then comes from LIBVIRT_DEFAULT_URI), the options,
# the URI only, an explicitly empty last argument.
define service {
    use                   virtcheck-service
    service_description   vm-state-no-arguments
    check_command         check_vm_state
}
define service {
    use                   virtcheck-service
    service_description   vm-cpu-no-options
    check_command         check_vm_cpu!test:///default
}
define service {
    use                   virtcheck-service
    service_description   datastore-no-uri
    check_command         check_datastore!!-w 85% -c 95%
}
define service {
    use                   virtcheck-service
    service_description   host-cpu-empty-options
    check_command         check_host_cpu!test:///default!
}
define service {
    use                   virtcheck-service
    service_description   container-options-only
    check_command         check_container!--root $FIXTURES/cgroup/tree --docker-dir $FIXTURES/cgroup/docker --podman-dir $FIXTURES/cgroup/podman --exclude '^broken\$\$'
}
EOF
if $SNMP; then
    cat >>"$WORK/objects.cfg" <<EOF
# SNMP on a port of the options; the community given, or left out (then from the auth file),
# the SNMPv3 auth file left out (the passwords then from the environment).
define service {
    use                   virtcheck-service
    service_description   hypervisor-snmp
    check_command         check_hypervisor_snmp!esxi!-p 16162
}
define service {
    use                   virtcheck-service
    service_description   host-memory-snmp-no-community
    check_command         check_host_memory_snmp!!-p 16162 --auth-file $WORK/esxi.auth
}
define service {
    use                   virtcheck-service
    service_description   hypervisor-snmpv3-no-auth-file
    check_command         check_hypervisor_snmpv3!vcuser!!-p 16161 -a SHA -x AES
}
EOF
fi

# Nagios runs (and -v checks its directories) as user nagios, which must write state and results.
chown -R nagios:nagios "$WORK/var"
if ! out=$("$NAGIOS" -v "$CFG" 2>&1); then
    echo "$out" >&2
    die "nagios4 -v rejected the configuration"
fi
echo "nagios4: examples/nagios/virtcheck.cfg validates"

"$NAGIOS" "$CFG" </dev/null >"$WORK/nagios.out" 2>&1 &
NPID=$!
trap 'kill "$NPID" 2>/dev/null || true; wait "$NPID" 2>/dev/null || true' EXIT

# Every actively checked service, and the state it must end in.
declare -A WANT=([hypervisor]=0 [hypervisor-down]=2 [vm-state-no-arguments]=0 [vm-cpu-no-options]=0
    [datastore-no-uri]=0 [host-cpu-empty-options]=0 [container-options-only]=0)
if $SNMP; then WANT+=([hypervisor-snmp]=0 [host-memory-snmp-no-community]=0 [hypervisor-snmpv3-no-auth-file]=0); fi
# results_missing: the services without a line in the perfdata file yet.
results_missing() {
    local svc
    for svc in "${!WANT[@]}"; do
        grep -q $'^virtcheck-test\t'"$svc"$'\t' "$PERF" 2>/dev/null || echo "$svc"
    done
}
end=$((SECONDS + 30))
while [[ -n $(results_missing) ]]; do
    kill -0 "$NPID" 2>/dev/null || { cat "$WORK/nagios.out" >&2; die "nagios4 exited early"; }
    ((SECONDS < end)) || die "no results within 30 s in $PERF for: $(results_missing | tr '\n' ' ')"
    sleep 0.2
done

fail=0
while IFS=$'\t' read -r _ svc state output perf; do
    [[ -n ${WANT[$svc]:-} ]] || continue
    echo "nagios4: $svc state=$state output: $output | $perf"
    if [[ $state != "${WANT[$svc]}" ]]; then
        echo "  want state ${WANT[$svc]}" >&2
        fail=1
    fi
    case $svc in
    hypervisor | hypervisor-snmp*) [[ $output == "HYPERVISOR OK"* ]] || fail=1 ;;
    hypervisor-down) [[ $output == *"hypervisor not running"* ]] || fail=1 ;;
    esac
done < <(sort -u -t $'\t' -k2,2 "$PERF")
((fail == 0)) || die "unexpected check results (see above): a command does not work with the arguments left out"
echo "nagios4: all ${#WANT[@]} services gave the expected results, none UNKNOWN"
