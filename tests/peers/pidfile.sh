# shellcheck shell=bash
# Sourced by the peer scripts and bench/lib.sh: processes we started, known by their PID (or the
# PID file we wrote), stopped by that PID only. Zombies count as gone: PID 1 here may be slow to
# reap them. Scans /proc rather than running ps: procps may be absent.

# pid_alive PID [COMM]: PID runs, is not a zombie (and is COMM, against PID reuse).
pid_alive() {
    [[ $1 =~ ^[0-9]+$ && -r /proc/$1/stat ]] || return 1
    [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]] || return 1
    [[ -z ${2:-} ]] || [[ $(<"/proc/$1/comm") == "$2"* ]]
} 2>/dev/null

# pidfile_alive FILE [COMM]: the process FILE records runs (and is COMM).
pidfile_alive() {
    [[ -s $1 ]] && pid_alive "$(<"$1")" "${2:-}"
}

# pids_named COMM: the PIDs of the running (not zombie) processes called exactly COMM.
pids_named() {
    local stat line pids=()
    for stat in /proc/[0-9]*/stat; do
        { read -r line <"$stat"; } 2>/dev/null || continue
        if [[ $line =~ ^([0-9]+)\ \((.*)\)\ ([A-Za-z]) && ${BASH_REMATCH[2]} == "$1" && ${BASH_REMATCH[3]} != Z ]]; then
            pids+=("${BASH_REMATCH[1]}")
        fi
    done
    echo "${pids[*]}"
}

# pid_stop PID COMM NAME [GRACE]: SIGTERM, up to GRACE seconds (default 5), then SIGKILL and up
# to 5 s more; a no-op if PID is not (or no longer) COMM. Fails loudly if the process survives.
pid_stop() {
    local pid=$1 comm=$2 name=$3 grace=${4:-5} i me
    me=$(basename "$0")
    pid_alive "$pid" "$comm" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do pid_alive "$pid" "$comm" || return 0; sleep 0.1; done
    echo "$me: $name (pid $pid) ignored SIGTERM for $grace s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do pid_alive "$pid" "$comm" || return 0; sleep 0.1; done
    echo "$me: $name (pid $pid) survived SIGKILL" >&2
    return 1
}

# pidfile_stop FILE COMM NAME [GRACE]: pid_stop the process FILE records, then remove FILE.
pidfile_stop() {
    if [[ -s $1 ]]; then pid_stop "$(<"$1")" "$2" "$3" "${4:-5}" || return 1; fi
    rm -f "$1"
}
