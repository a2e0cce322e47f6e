#!/usr/bin/env bash
# The SMTP and HTTP receivers for virtcheck-alert's tests (alert_receivers.py), on
# 127.0.0.1:PORT..PORT+4. Usage: alert_receivers.sh start|stop DIR [PORT (default 18460)]
# The SMTP password of PORT+1 is in DIR/smtp-password.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/pidfile.sh"
action=${1:?start|stop}
dir=${2:?state directory}
port=${3:-18460}
pidfile=$dir/receivers.pid

case $action in
start)
  pidfile_stop "$pidfile" python3 "alert receivers" || true
  rm -rf "$dir"
  mkdir -p "$dir"
  [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null ||
    { echo "alert_receivers.sh: /usr/bin/python3 with python3-aiosmtpd is needed" >&2; exit 1; }
  echo "s3cr3t-$RANDOM$RANDOM" > "$dir/smtp-password"
  /usr/bin/python3 "$here/alert_receivers.py" --dir "$dir" --port "$port" --password "$(<"$dir/smtp-password")" \
    > "$dir/receivers.log" 2>&1 &
  echo $! > "$pidfile"
  for ((i = 0; i < 150; i++)); do # ready in ~1.5 s; at most 15 s
    [[ -s $dir/ready ]] && exit 0
    pidfile_alive "$pidfile" || break
    sleep 0.1
  done
  echo "alert_receivers.sh: receivers did not start:" >&2
  cat "$dir/receivers.log" >&2
  pidfile_stop "$pidfile" python3 "alert receivers" || true
  exit 1 ;;
stop)
  pidfile_stop "$pidfile" python3 "alert receivers" ;;
*)
  echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
