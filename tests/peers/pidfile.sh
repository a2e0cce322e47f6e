# Sourced by the peer scripts: a daemon we started, known by the PID file we wrote.
# Zombies count as gone: PID 1 here may be slow to reap them.

# pidfile_alive FILE [COMM]: the recorded process runs (and is COMM, against PID reuse).
pidfile_alive() {
    [[ -s $1 ]] || return 1
    local pid
    pid=$(<"$1")
    [[ -r /proc/$pid/stat ]] && [[ $(awk '{print $3}' "/proc/$pid/stat") != Z ]] || return 1
    [[ -z ${2:-} ]] || [[ $(<"/proc/$pid/comm") == "$2"* ]]
}

# pidfile_stop FILE COMM NAME: SIGTERM, up to 5 s, then SIGKILL; removes FILE. Fails loudly
# if the process survives.
pidfile_stop() {
    if pidfile_alive "$1" "$2"; then
        local pid i
        pid=$(<"$1")
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do pidfile_alive "$1" "$2" || break; sleep 0.1; done
        if pidfile_alive "$1" "$2"; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
        if pidfile_alive "$1" "$2"; then echo "$3 (pid $pid) survived SIGKILL" >&2; return 1; fi
    fi
    rm -f "$1"
}
