#!/usr/bin/env bash
# Run snmpsim on 127.0.0.1:16162 serving the recordings in tests/fixtures/snmp: the community
# is the file name without .snmprec ("esxi", "broken"). Started and stopped by PID.
#   snmpsim.sh start|stop DIR
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 {start|stop} DIR" >&2; exit 2; }
CMD=$1
mkdir -p "$2"
DIR=$(cd "$2" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
PORT=16162
PIDFILE=$DIR/snmpsim.ours
# snmpsim drops to nobody, which may not reach DIR (a checkout under /root, say): its data,
# cache and log live in a directory of their own under /tmp, recorded here.
WORKDIR_FILE=$DIR/snmpsim.workdir
LOG=/dev/null
[[ -s $WORKDIR_FILE ]] && LOG=$(<"$WORKDIR_FILE")/snmpsim.log

# shellcheck source=pidfile.sh
source "$(dirname "$0")/pidfile.sh"
alive() { pidfile_alive "$PIDFILE" snmpsimd; }
die() { echo "snmpsim.sh: $*" >&2; [[ -f $LOG ]] && tail -n 20 "$LOG" >&2; exit 1; }
answers() { timeout 5 snmpget -v2c -c esxi -r 0 -t 0.5 "127.0.0.1:$PORT" 1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; }

start() {
    if alive; then echo "snmpsim already running (pid $(<"$PIDFILE"))"; return; fi
    if answers; then die "something else already answers SNMP on 127.0.0.1:$PORT"; fi
    remove_workdir
    local work
    work=$(mktemp -d /tmp/virtcheck-snmpsim.XXXXXX)
    echo "$work" >"$WORKDIR_FILE"
    chmod 755 "$work"
    mkdir -p "$work/data" "$work/cache"
    cp "$HERE/../fixtures/snmp/"*.snmprec "$work/data/"
    chmod -R a+rX "$work/data"
    chown nobody:nogroup "$work/cache" "$work"
    LOG=$work/snmpsim.log
    snmpsimd --data-dir="$work/data" --cache-dir="$work/cache" --agent-udpv4-endpoint="127.0.0.1:$PORT" \
        --process-user=nobody --process-group=nogroup --logging-method="file:$LOG" </dev/null >/dev/null 2>&1 &
    echo $! >"$PIDFILE"
    local end=$((SECONDS + 30))
    until answers; do
        alive || die "snmpsimd exited during startup"
        ((SECONDS < end)) || { stop; die "snmpsimd did not answer within 30 s"; }
        sleep 0.2
    done
    echo "snmpsim ready on 127.0.0.1:$PORT (pid $(<"$PIDFILE"))"
}

remove_workdir() {
    if [[ -s $WORKDIR_FILE ]]; then
        local work
        work=$(<"$WORKDIR_FILE")
        [[ $work == /tmp/virtcheck-snmpsim.* ]] && rm -rf "$work"
        rm -f "$WORKDIR_FILE"
    fi
}

stop() {
    pidfile_stop "$PIDFILE" snmpsimd snmpsimd || die "could not stop snmpsimd"
    remove_workdir
    echo "snmpsim stopped"
}

case $CMD in
start) start ;;
stop) stop ;;
*) echo "usage: $0 {start|stop} DIR" >&2; exit 2 ;;
esac
