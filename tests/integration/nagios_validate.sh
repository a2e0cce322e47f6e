#!/usr/bin/env bash
# Check examples/nagios/virtcheck.cfg with Nagios 4: "nagios4 -v" on a minimal private main config,
# then run nagios4 in the foreground once and read both services' results from its perfdata file.
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
mkdir -p "$WORK/var/checkresults"

echo "\$USER1\$=$PLUGIN_DIR" >"$WORK/resource.cfg"

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

cat >"$WORK/objects.cfg" <<'EOF'
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
    check_command         check_hypervisor!test:///default!1s!5s
}
define service {
    use                   virtcheck-service
    service_description   hypervisor-down
    check_command         check_hypervisor!qemu+unix:///system?socket=/nonexistent/sock!1s!5s
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
    check_command         check_hypervisor_remote!1s!5s
    active_checks_enabled 0
}
EOF

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

end=$((SECONDS + 20))
until [[ -s $PERF ]] && grep -q $'^virtcheck-test\thypervisor\t' "$PERF" &&
    grep -q $'^virtcheck-test\thypervisor-down\t' "$PERF"; do
    kill -0 "$NPID" 2>/dev/null || { cat "$WORK/nagios.out" >&2; die "nagios4 exited early"; }
    ((SECONDS < end)) || die "no results for both services in $PERF within 20 s"
    sleep 0.2
done

fail=0
while IFS=$'\t' read -r _ svc state output perf; do
    echo "nagios4: $svc state=$state output: $output | $perf"
    case $svc in
    hypervisor) [[ $state == 0 && $output == "HYPERVISOR OK"* ]] || fail=1 ;;
    hypervisor-down) [[ $state == 2 && $output == *"hypervisor not running"* ]] || fail=1 ;;
    esac
done <"$PERF"
((fail == 0)) || die "unexpected check results (want OK for test:///default, CRITICAL for the missing socket)"
echo "nagios4: both services gave the expected results"
