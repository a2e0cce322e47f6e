# shellcheck shell=bash
# What every bench driver does the same way (sourced by run.sh, vms.sh, objects.sh, snmp.sh):
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   bench_init "$@"                       # [BUILD_DIR]
#   program NAME LABEL COMMAND...         # the programs of the next case (programs_reset first)
#   bench_case TAG WANT EXPECT            # pre-flight, timed rounds, max RSS, callgrind
#   bench_report <<'PY' ... PY            # the driver's Markdown, from bench/report.py
#
# Every program run is bounded by timeout(1), so a hung libvirt call or an agent that stops
# answering ends the driver instead of hanging it. Wall times come from interleaved rounds:
# each round runs every program once (hyperfine -N, one run each), the order rotating from
# round to round, so that a change of load on a shared machine hits all programs alike.
#
# Environment (all drivers):
#   BENCH_RUNS / BENCH_WARMUP   timed / warmup rounds per case (the drivers' defaults differ)
#   BENCH_RSS_RUNS=3            runs per program for the max-RSS column (the largest counts)
#   BENCH_CALLGRIND=1           instructions per program, one run under callgrind (0: skip)
#   BENCH_STRICT=1              exit 1 when a target is missed

# shellcheck source-path=SCRIPTDIR source=../tests/peers/pidfile.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tests/peers/pidfile.sh"

bench_name=$(basename "$0")
die() { echo "bench/$bench_name: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

# Limits in seconds: one run takes well under a second here, and well under a minute under valgrind.
run_limit=60
valgrind_limit=600
# The libvirtd lock the project's users share (see bench/README.md).
libvirtd_lock=/tmp/vc-libvirtd.lock

# bench_init [BUILD_DIR]: paths, settings, packages, the tools every driver needs, the exit hook.
bench_init() {
    here=$(cd "$(dirname "$0")" && pwd)
    repo=$(dirname "$here")
    build=$(realpath -m "${1:-$repo/build}")
    out=$build/bench
    # Debian's interpreter, not whatever python3 comes first in PATH (pyenv, venvs):
    # python3-libvirt is installed for /usr/bin/python3 only.
    py=/usr/bin/python3
    runs=${BENCH_RUNS:-${default_runs:-50}}
    warmup=${BENCH_WARMUP:-${default_warmup:-5}}
    rss_runs=${BENCH_RSS_RUNS:-3}
    callgrind=${BENCH_CALLGRIND:-1}
    bench_command=$(command_line "$@")
    bench_date=$(date -u +%F)
    "$repo/scripts/install-deps.sh" bench >&2
    need hyperfine cc timeout /usr/bin/time "$py"
    if [[ $callgrind == 1 ]]; then need valgrind; fi
    mkdir -p "$out"
    trap bench_exit EXIT
    trap 'exit 130' INT TERM
    load_start=$(cut -d' ' -f1-3 /proc/loadavg)
    bench_started=$SECONDS
}

# command_line ARGS...: how this driver was run, for the report: relative to the checkout, with
# the BENCH_* settings given, and the libvirtd lock when a parent process holds it.
command_line() {
    local words=() arg var
    for var in BENCH_RUNS BENCH_WARMUP BENCH_RUNS_1000 BENCH_WARMUP_1000 BENCH_RSS_RUNS BENCH_CALLGRIND; do
        if [[ -n ${!var:-} ]]; then words+=("$var=${!var}"); fi
    done
    if lock_held_by_parent "$libvirtd_lock"; then words+=(flock "$libvirtd_lock"); fi
    words+=("bench/$bench_name")
    for arg; do
        if [[ $arg == "$repo"/* ]]; then arg=${arg#"$repo"/}; fi
        words+=("$arg")
    done
    echo "${words[*]}"
}

# lock_held_by_parent FILE: one of this shell's ancestors holds a flock(1) lock on FILE.
lock_held_by_parent() {
    [[ -e $1 && -r /proc/locks ]] || return 1
    local inode pid ancestors=" " p=$$
    inode=$(stat -c %i "$1")
    while [[ $p -gt 1 ]]; do
        p=$(awk '/^PPid:/ {print $2}' "/proc/$p/status" 2>/dev/null) || break
        [[ -n $p ]] || break
        ancestors+="$p "
    done
    while read -r _ kind _ _ pid dev _; do
        [[ $kind == FLOCK && ${dev##*:} == "$inode" && $ancestors == *" $pid "* ]] && return 0
    done </proc/locks
    return 1
}

# need TOOL...: each is on PATH (or an executable path).
need() {
    local tool
    for tool; do command -v "$tool" >/dev/null || die "$tool not found"; done
}

# need_checks CHECK...: the checks under test exist; remembers them and their backend modules,
# so that the report can say when a build replaced them during the run.
need_checks() {
    bench_checks=("$@")
    local check
    for check; do
        [[ -x $build/plugins/$check ]] ||
            die "$build/plugins/$check not found: build virtcheck first (cmake -S $repo -B $build && cmake --build $build)"
    done
    binaries_before=$(binaries)
}
binaries() {
    local f
    for f in "${bench_checks[@]/#/$build/plugins/}" "$build"/modules/*.so; do
        [[ -e $f ]] && stat -c '%n %Y %s' "$f"
    done
    return 0
}

# build_floor SOURCE OUTPUT CC_ARGS...: a C floor (bench/floor/) into BUILD_DIR/bench/.
build_floor() {
    local source=$1 output=$2
    shift 2
    log "building the C floor: $output"
    cc -O2 -o "$output" "$here/floor/$source" "$@"
}

# expect_line CHECK EXIT: the glob line 1 of CHECK matches when it exits with EXIT
# ("VM_STATE CRITICAL - *").
expect_line() {
    local words=(OK WARNING CRITICAL UNKNOWN) short=${1#check_}
    echo "${short^^} ${words[$2]:-UNKNOWN} - *"
}

# --- exit hooks --------------------------------------------------------------------------------
exit_hooks=()
# at_exit FUNCTION: run at exit, last registered first; one that fails makes the exit status 1.
at_exit() { exit_hooks+=("$1"); }
bench_exit() {
    local rc=$? i
    for ((i = ${#exit_hooks[@]} - 1; i >= 0; i--)); do "${exit_hooks[$i]}" || rc=1; done
    rm -f "$out"/.bench.*
    exit "$rc"
}

# --- the programs of a case --------------------------------------------------------------------
programs_reset() { prog_names=() prog_labels=() prog_cmds=() prog_expect=() prog_callgrind=(); }
programs_reset

# program [--expect GLOB] [--callgrind-args 'ARGS'] NAME LABEL COMMAND...: one program of the
# next case. --expect: its line 1 instead of the case's; --callgrind-args: inserted after the
# program's path under valgrind (virtcheck's -t 3600: its 10 s default would end a slowed-down run).
program() {
    local expect='' cg=''
    while [[ $1 == --* ]]; do
        case $1 in
        --expect) expect=$2 ;;
        --callgrind-args) cg=$2 ;;
        *) die "program: unknown option $1" ;;
        esac
        shift 2
    done
    prog_names+=("$1")
    prog_labels+=("$2")
    shift 2
    prog_cmds+=("$(printf '%q ' "$@")")
    prog_expect+=("$expect")
    prog_callgrind+=("$cg")
}

# argv_of I: the command of program I as words, in the array argv.
argv_of() { eval "argv=(${prog_cmds[$1]})"; }

# bench_case [--prime] [--reject TEXT] [--runs N] [--warmup N] TAG WANT EXPECT
#   Every program must exit WANT with line 1 matching the glob EXPECT, in the pre-flight and in
#   every timed run. --prime: run each once before (a check that keeps a state file starts timing
#   in its steady state); --reject: line 1 must not contain TEXT. Writes BUILD_DIR/bench/TAG.*:
#   .programs (name, label, command), .rc, .rounds/ (hyperfine JSON per round), .rss, .ir.
bench_case() {
    local prime=0 reject='' case_runs=$runs case_warmup=$warmup
    while [[ $1 == --* ]]; do
        case $1 in
        --prime) prime=1; shift ;;
        --reject) reject=$2; shift 2 ;;
        --runs) case_runs=$2; shift 2 ;;
        --warmup) case_warmup=$2; shift 2 ;;
        *) die "bench_case: unknown option $1" ;;
        esac
    done
    local tag=$1 want=$2 expect=$3 i
    local -a argv
    rm -rf "$out/$tag".* "$out/callgrind-$tag-"*.out
    for i in "${!prog_names[@]}"; do
        printf '%s\t%s\t%s\n' "${prog_names[$i]}" "${prog_labels[$i]}" "${prog_cmds[$i]}"
    done >"$out/$tag.programs"
    echo "$want" >"$out/$tag.rc"

    log "$tag: pre-flight"
    preflight "$want" "$expect" "$prime" "$reject"
    log "$tag: $case_runs interleaved rounds after $case_warmup warmup rounds"
    mkdir -p "$out/$tag.rounds"
    rounds "$tag" "$case_warmup" ""
    rounds "$tag" "$case_runs" "$out/$tag.rounds"
    "$py" "$here/report.py" check "$out" "$tag" || die "$tag: a timed run gave the wrong exit code"
    log "$tag: max RSS ($rss_runs runs each)"
    for i in "${!prog_names[@]}"; do
        argv_of "$i"
        max_rss "${argv[@]}"
        echo "${prog_names[$i]} $rss_kib"
    done >"$out/$tag.rss"
    if [[ $callgrind == 1 ]]; then
        log "$tag: callgrind (one run each)"
        for i in "${!prog_names[@]}"; do
            argv_of "$i"
            # shellcheck disable=SC2086  # the extra arguments are words on purpose
            count_instructions "$out/callgrind-$tag-${prog_names[$i]}" "$want" \
                "${argv[0]}" ${prog_callgrind[$i]} "${argv[@]:1}"
            echo "${prog_names[$i]} $instructions"
        done >"$out/$tag.ir"
    fi
}

# preflight WANT EXPECT PRIME REJECT: each program once, exit code and line 1 checked.
preflight() {
    local want=$1 expect=$2 prime=$3 reject=$4 i rc output glob
    local -a argv
    for i in "${!prog_names[@]}"; do
        argv_of "$i"
        glob=${prog_expect[$i]:-$expect}
        if ((prime)); then timeout "$run_limit" "${argv[@]}" >/dev/null 2>&1 || true; fi
        rc=0
        output=$(timeout "$run_limit" "${argv[@]}" 2>&1) || rc=$?
        output=${output%%$'\n'*}
        printf '   %-16s %.150s\n' "${prog_names[$i]}" "$output" >&2
        # shellcheck disable=SC2053  # $glob is a pattern
        [[ $rc -eq $want && $output == $glob ]] ||
            die "${prog_names[$i]} failed: ${prog_cmds[$i]}(exit $rc, expected $want and a line like '$glob')"
        [[ -z $reject || $output != *"$reject"* ]] || die "${prog_names[$i]}: '$reject' after a first run: ${prog_cmds[$i]}"
    done
}

# rounds TAG N DIR: N rounds, each one run of every program, starting one program later each
# round; with DIR, round K's results go to DIR/round-K.json. Exit codes are checked afterwards
# (report.py check), so hyperfine runs with -i.
rounds() {
    local tag=$1 n=$2 dir=$3 r k i count=${#prog_names[@]}
    local -a args export_json
    for ((r = 0; r < n; r++)); do
        args=()
        for ((k = 0; k < count; k++)); do
            i=$(((r + k) % count))
            args+=(-n "${prog_names[$i]}" "${prog_cmds[$i]}")
        done
        export_json=()
        if [[ -n $dir ]]; then export_json=(--export-json "$(printf '%s/round-%03d.json' "$dir" "$r")"); fi
        timeout $((run_limit * count)) hyperfine -N --style none -i --runs 1 "${export_json[@]}" "${args[@]}" \
            >/dev/null 2>"$out/.bench.hyperfine" ||
            die "$tag: hyperfine failed in round $r: $(tail -n 3 "$out/.bench.hyperfine")"
    done
}

# max_rss COMMAND...: sets rss_kib, the largest max RSS (KiB) of BENCH_RSS_RUNS runs.
max_rss() {
    local i kib
    rss_kib=0
    for ((i = 0; i < rss_runs; i++)); do
        rm -f "$out/.bench.maxrss"
        timeout "$run_limit" /usr/bin/time -f %M -o "$out/.bench.maxrss" "$@" >/dev/null 2>&1 || true
        kib=$(tail -n 1 "$out/.bench.maxrss" 2>/dev/null) || true
        [[ $kib =~ ^[0-9]+$ ]] || die "no max RSS for: $*"
        if ((kib > rss_kib)); then rss_kib=$kib; fi
    done
}

# count_instructions STEM WANT COMMAND...: sets instructions, what one run executes (callgrind), summed over
# the process and the children it starts (check_snmp runs snmpget); profiles kept as STEM.PID.out.
# Unlike wall time, not disturbed by other load on the machine.
count_instructions() {
    local stem=$1 want=$2 rc=0
    shift 2
    # One log per process: a child's stderr may be a pipe to its parent (check_snmp reads snmpget's).
    rm -f "$out"/.bench.callgrind.*
    timeout "$valgrind_limit" valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$stem.%p.out" \
        --log-file="$out/.bench.callgrind.%p" "$@" >/dev/null 2>&1 || rc=$?
    ((rc == want)) || die "under callgrind: exit $rc, expected $want: $*
$(tail -n 5 "$out"/.bench.callgrind.*)"
    local n counts
    counts=$(cat "$out"/.bench.callgrind.* | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    [[ -n $counts ]] || die "callgrind counted nothing: $*
$(tail -n 5 "$out"/.bench.callgrind.*)"
    instructions=0 # in bash: 64-bit integers, where mawk would print 2.2e+09
    for n in $counts; do ((instructions += n)); done
}

# --- the report --------------------------------------------------------------------------------
# bench_report NAME < PYTHON: runs the driver's report script (stdin) with bench/report.py
# importable and this run's facts in the environment; writes BUILD_DIR/bench/NAME.md and prints it.
# The script exits 4 when a target was missed: BENCH_STRICT=1 turns that into exit 1.
bench_report() {
    local name=$1 rc=0 note=''
    [[ $(binaries) == "$binaries_before" ]] ||
        note="the checks or their backend modules were rebuilt during the run: figures mix two builds"
    [[ -z $note ]] || echo "bench/$bench_name: WARNING: $note" >&2
    PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$here BENCH_OUT=$out BENCH_DATE=$bench_date BENCH_COMMAND=$bench_command \
        BENCH_ROUNDS=$runs BENCH_WARMUP_ROUNDS=$warmup BENCH_RSS=$rss_runs BENCH_IR=$callgrind \
        BENCH_LOAD="$load_start|$(cut -d' ' -f1-3 /proc/loadavg)" BENCH_ELAPSED=$((SECONDS - bench_started)) \
        BENCH_REBUILT=$note "$py" - >"$out/$name.md" || rc=$?
    [[ $rc -eq 0 || $rc -eq 4 ]] || die "writing the report failed"
    cat "$out/$name.md"
    echo "(written to $out/$name.md; raw data next to it)" >&2
    if [[ ${BENCH_STRICT:-0} == 1 && $rc -ne 0 ]]; then exit 1; fi
    return 0
}

# --- a real libvirtd -----------------------------------------------------------------------------
# libvirtd_use: reuse a libvirtd that already runs (and leave it running), else start one with a
# running VM through tests/peers/libvirtd.sh and stop it at exit. Says which in BENCH_DAEMON_NOTE,
# for the report.
libvirtd_state=
libvirtd_use() {
    local existing peer=$repo/tests/peers/libvirtd.sh
    existing=$(pids_named libvirtd)
    if [[ -n $existing ]]; then
        log "libvirtd already running (pid $existing): reusing it, not starting or stopping one"
        export BENCH_DAEMON_NOTE="pre-existing libvirtd (pid $existing), reused"
        return
    fi
    [[ -x $peer ]] || die "$peer not found"
    libvirtd_state=$(mktemp -d "$out/libvirtd-state.XXXXXX")
    at_exit libvirtd_stop # before the start: one that fails half-way is stopped too
    log "starting libvirtd + VM (state in $libvirtd_state)"
    "$peer" start "$libvirtd_state" >&2
    export BENCH_DAEMON_NOTE="libvirtd started by tests/peers/libvirtd.sh"
}
libvirtd_stop() {
    log "stopping libvirtd"
    # Keep the state directory (it holds the saved qemu.conf) if stopping failed.
    if "$repo/tests/peers/libvirtd.sh" stop "$libvirtd_state" >&2 && libvirtd_strays_stopped; then
        rm -rf "$libvirtd_state"
    else
        echo "bench/$bench_name: stopping libvirtd failed; state kept in $libvirtd_state" >&2
        return 1
    fi
}
# A libvirtd of this run (its command line names our state directory) that outlived
# "libvirtd.sh stop", e.g. after a start that failed half-way: end it by PID.
libvirtd_strays_stopped() {
    local pid ok=0
    for pid in $(pids_named libvirtd); do
        [[ $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") == *"--pid-file $libvirtd_state/"* ]] || continue
        echo "bench/$bench_name: libvirtd $pid survived stop; terminating it" >&2
        # libvirtd ignores SIGTERM while it probes QEMU: give it 30 s.
        pid_stop "$pid" libvirtd libvirtd 30 || ok=1
    done
    return "$ok"
}
