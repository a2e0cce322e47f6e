#!/usr/bin/env bash
# An install with another prefix and an absolute plugin directory outside it, staged in a
# DESTDIR, must work from there: the checks find their modules through a RUNPATH relative to
# themselves, every module built is installed, and the Nagios definitions name the plugin
# directory as configured. (Computing the RUNPATH from prefix + an absolute plugin directory
# once sent every check to /lib/virtcheck.)
#   relocated_install_test.sh SOURCE_DIR WORK_DIR
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 SOURCE_DIR WORK_DIR" >&2; exit 2; }
SOURCE=$(cd "$1" && pwd)
mkdir -p "$2"
WORK=$(cd "$2" && pwd)
PREFIX=/opt/virtcheck-relocated
PLUGIN_DIR=/srv/virtcheck-relocated/plugins
ROOT=$WORK/root
fail=0
problem() { echo "relocated_install_test.sh: $*" >&2; fail=1; }
die() { echo "relocated_install_test.sh: $*" >&2; exit 1; }

rm -rf "$ROOT"
echo "relocated_install_test.sh: building with prefix $PREFIX and plugin directory $PLUGIN_DIR (log: $WORK/build.log)"
# The layout is what is under test, not the code: unoptimized (build type None, -O0), which
# takes 60 % of a Release build's CPU time (570 s against 944 s on the 2-CPU test machine);
# the Debian package test builds the optimized tree.
cmake -S "$SOURCE" -B "$WORK/build" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS=-O0 -DCMAKE_INSTALL_PREFIX="$PREFIX" \
    -DVIRTCHECK_PLUGIN_DIR="$PLUGIN_DIR" -DVIRTCHECK_INSTALL_ENGINE_CONFIG=ON >"$WORK/build.log" 2>&1 ||
    { tail -n 20 "$WORK/build.log" >&2; die "cmake configure failed"; }
cmake --build "$WORK/build" -j2 >>"$WORK/build.log" 2>&1 || { tail -n 20 "$WORK/build.log" >&2; die "build failed"; }
DESTDIR=$ROOT cmake --install "$WORK/build" >"$WORK/install.log" 2>&1 ||
    { tail -n 20 "$WORK/install.log" >&2; die "cmake --install failed"; }

# Where everything went, under the DESTDIR.
[[ -x $ROOT$PLUGIN_DIR/check_hypervisor ]] || die "no check_hypervisor in $ROOT$PLUGIN_DIR"
for module in "$WORK"/build/modules/*.so; do
    [[ -f $ROOT$PREFIX/lib/virtcheck/$(basename "$module") ]] ||
        problem "module $(basename "$module") was built but not installed in $PREFIX/lib/virtcheck"
done
want_runpath="\$ORIGIN/../../../opt/virtcheck-relocated/lib/virtcheck"
for check in "$ROOT$PLUGIN_DIR"/check_*; do
    runpath=$(readelf -d "$check" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
    [[ $runpath == "$want_runpath" ]] || problem "$(basename "$check"): RUNPATH '$runpath', want '$want_runpath'"
done
# GNUInstallDirs puts SYSCONFDIR of an /opt prefix in /etc/opt.
nagios_cfg=$ROOT/etc/opt/virtcheck-relocated/nagios-plugins/config/virtcheck.cfg
[[ -f $nagios_cfg ]] || problem "no Nagios definitions at $nagios_cfg: $(find "$ROOT" -name virtcheck.cfg)"
grep -q "command_line *$PLUGIN_DIR/check_hypervisor " "$nagios_cfg" ||
    problem "$nagios_cfg does not run $PLUGIN_DIR/check_hypervisor"
[[ -f $ROOT$PREFIX/share/icinga2/include/plugins-contrib.d/virtcheck.conf ]] ||
    problem "no Icinga 2 CheckCommands in $PREFIX/share/icinga2/include/plugins-contrib.d"

# Run from the DESTDIR: the libvirt module (test driver) and the SNMP module (nobody answers
# on this port, which is CRITICAL; a module that fails to load would be UNKNOWN).
# run WANTED_EXIT FIRST_LINE_PREFIX ARGS...
run() {
    local want=$1 prefix=$2 status=0 out
    shift 2
    out=$(VIRTCHECK_STATE_DIR=$WORK/state "$ROOT$PLUGIN_DIR/check_hypervisor" "$@" 2>&1) || status=$?
    echo "  check_hypervisor $* -> $status: ${out%%$'\n'*}"
    [[ $status == "$want" && $out == "$prefix"* ]] || problem "check_hypervisor $* from the DESTDIR: want exit $want, '$prefix...'"
}
run 0 "HYPERVISOR OK - " --uri test:///default
run 2 "HYPERVISOR CRITICAL - no answer from the SNMP agent" -H 127.0.0.1 -p 18521 -C public -e 0 -t 2

((fail == 0)) || die "the relocated install does not work"
echo "relocated_install_test.sh: the relocated install in a DESTDIR finds its modules and works"
