# Shared by the bench scripts (sourced): starting (or reusing) the real libvirtd, and
# ending a libvirtd of this run that outlived "tests/peers/libvirtd.sh stop".
# Uses $peer, $out and log/die from the sourcing script; sets $state and $daemon_note.

# A libvirtd started for this run (its command line names our state directory)
# that outlived "libvirtd.sh stop", e.g. after a start that failed half-way:
# end it by PID.  Returns 0 if one survives even SIGKILL.
stray_daemons() {
    local pid pids=() i
    for pid in $(ps -C libvirtd -o pid=); do
        [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *"--pid-file $state/"* ]] && pids+=("$pid")
    done
    ((${#pids[@]})) || return 1
    echo "$(basename "$0"): libvirtd ${pids[*]} survived stop; terminating it" >&2
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do # libvirtd ignores SIGTERM while it probes QEMU
        any_running "${pids[@]}" || return 1
        sleep 0.2
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    sleep 1
    any_running "${pids[@]}"
}
# Zombies count as gone: PID 1 here may not reap them.
any_running() {
    local pid
    for pid; do
        [[ -r /proc/$pid/stat && $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]] && return 0
    done
    return 1
}

# Reuse a libvirtd that is already running (and leave it running), else start ours.
start_daemon() {
    local existing
    existing=$(ps -C libvirtd -o pid=,stat= | awk '$2 !~ /^Z/ {print $1}' | xargs) || true
    if [[ -n $existing ]]; then
        log "libvirtd already running (pid $existing): reusing it, not starting or stopping one"
        daemon_note="pre-existing libvirtd (pid $existing), reused"
    else
        [[ -x $peer ]] || die "$peer not found"
        state=$(mktemp -d "$out/libvirtd-state.XXXXXX")
        log "starting libvirtd + VM (state in $state)"
        "$peer" start "$state" >&2
        daemon_note="libvirtd started by tests/peers/libvirtd.sh"
    fi
}
