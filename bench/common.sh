# Shared by the bench scripts (sourced): ending a libvirtd of this run that outlived
# "tests/peers/libvirtd.sh stop". Expects $state (the peer state directory).

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
