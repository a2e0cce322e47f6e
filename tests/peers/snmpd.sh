#!/usr/bin/env bash
# Run a private net-snmp agent on 127.0.0.1:16161 for the SNMP-mode tests: community
# "public" (v1/v2c) and the v3 user "vcuser" (SHA/AES, authPriv). Started and stopped by PID.
#   snmpd.sh start|stop DIR
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 {start|stop} DIR" >&2; exit 2; }
CMD=$1
mkdir -p "$2"
DIR=$(cd "$2" && pwd)
PORT=16161
PIDFILE=$DIR/snmpd.ours
LOG=$DIR/snmpd.log

# shellcheck source=pidfile.sh
source "$(dirname "$0")/pidfile.sh"
alive() { pidfile_alive "$PIDFILE" snmpd; }
die() { echo "snmpd.sh: $*" >&2; [[ -f $LOG ]] && tail -n 20 "$LOG" >&2; exit 1; }

answers() {
    timeout 5 snmpget -v2c -c public -r 0 -t 0.5 "127.0.0.1:$PORT" 1.3.6.1.2.1.1.3.0 >/dev/null 2>&1
}

start() {
    if alive; then echo "snmpd already running (pid $(<"$PIDFILE"))"; return; fi
    if answers; then die "something else already answers SNMP on 127.0.0.1:$PORT"; fi
    rm -rf "$DIR/persist"
    mkdir -p "$DIR/persist"
    # The passwords are test fixtures; tests/integration/snmp_test.cpp uses the same.
    cat >"$DIR/snmpd.conf" <<CONF
agentAddress udp:127.0.0.1:$PORT
rocommunity public 127.0.0.1
createUser vcuser SHA "vc-auth-secret" AES "vc-priv-secret"
rouser vcuser authpriv
sysName vc-test-agent
sysLocation virtcheck tests
disk / 10%
CONF
    SNMP_PERSISTENT_DIR=$DIR/persist snmpd -f -Lo -C -c "$DIR/snmpd.conf" -m '' </dev/null >"$LOG" 2>&1 &
    echo $! >"$PIDFILE"
    local end=$((SECONDS + 15))
    until answers; do
        alive || die "snmpd exited during startup"
        ((SECONDS < end)) || { stop; die "snmpd did not answer within 15 s"; }
        sleep 0.1
    done
    # A second agent on a busy port exits while the old one answers: make sure it is ours.
    alive || die "the agent that answers is not the one started from $DIR"
    echo "snmpd ready on 127.0.0.1:$PORT (pid $(<"$PIDFILE"))"
}

stop() {
    pidfile_stop "$PIDFILE" "snmpd" "snmpd" || die "could not stop snmpd"
    echo "snmpd stopped"
}

case $CMD in
start) start ;;
stop) stop ;;
*) echo "usage: $0 {start|stop} DIR" >&2; exit 2 ;;
esac
