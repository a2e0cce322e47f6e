#!/usr/bin/env bash
# The Debian package, end to end: build it from a copy of the source tree with
# dpkg-buildpackage, lint it, install it on this machine with apt, run every check from
# /usr/lib/nagios/plugins, validate the installed Icinga 2 CheckCommands and Nagios command
# definitions with the real engines, then remove and purge it and check nothing is left.
#
# The install is machine-wide, so this test owns the package: runs of the suite from other
# trees wait for each other on a lock, and a package an earlier run left installed is
# reinstalled from this build and purged at the end.
#   deb_test.sh SOURCE_DIR WORK_DIR VERSION CHECK[,CHECK...]
set -euo pipefail

[[ $# -eq 4 ]] || { echo "usage: $0 SOURCE_DIR WORK_DIR VERSION CHECK[,CHECK...]" >&2; exit 2; }
SOURCE=$(cd "$1" && pwd)
mkdir -p "$2"
WORK=$(cd "$2" && pwd)
VERSION=$3
IFS=, read -r -a CHECKS <<<"$4"
FIXTURES=$SOURCE/tests/fixtures
PACKAGE=virtcheck
PLUGINS=/usr/lib/nagios/plugins
MODULES=/usr/lib/virtcheck
ICINGA_FILE=/usr/share/icinga2/include/plugins-contrib.d/virtcheck.conf
NAGIOS_FILE=/etc/nagios-plugins/config/virtcheck.cfg
APT=(apt-get -o DPkg::Lock::Timeout=600 -y -q)

fail=0
problem() { echo "deb_test.sh: $*" >&2; fail=1; }
die() { echo "deb_test.sh: $*" >&2; exit 1; }
for tool in dpkg-buildpackage lintian icinga2 /usr/sbin/nagios4 readelf; do
    command -v "$tool" >/dev/null || die "$tool not installed (scripts/install-deps.sh test)"
done

# One owner of the machine-wide install at a time, across trees and suite runs.
exec 9>/tmp/virtcheck-package-test.lock
flock -w 3600 9 || die "another package test held /tmp/virtcheck-package-test.lock for an hour"

installed() { [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$PACKAGE" 2>/dev/null) == ii* ]]; }
known() { dpkg-query -W "$PACKAGE" >/dev/null 2>&1 && [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$PACKAGE") != un* ]]; }
cleanup() {
    if known; then
        echo "deb_test.sh: purging $PACKAGE on the way out" >&2
        DEBIAN_FRONTEND=noninteractive "${APT[@]}" purge "$PACKAGE" >>"$WORK/apt.log" 2>&1 || true
    fi
}
trap cleanup EXIT
if known; then echo "deb_test.sh: $PACKAGE is already on this machine (an earlier run?): this build replaces it"; fi

# --- 1. Build from a copy of the tree as it is (committed or not, minus what git ignores).
rm -rf "${WORK:?}"/{src,icinga,nagios,run} "$WORK"/*.log
COPY=$WORK/src/$PACKAGE
mkdir -p "$COPY"
if git -C "$SOURCE" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$SOURCE" && git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do [[ -e $f || -L $f ]] && printf '%s\0' "$f"; done |
        tar --null -T - -cf -) | tar -C "$COPY" -xf -
else
    tar -C "$SOURCE" --exclude='./build*' --exclude=./obj-\* -cf - . | tar -C "$COPY" -xf -
fi
changelog_version=$(cd "$COPY" && dpkg-parsechangelog -S Version)
[[ $changelog_version == "$VERSION" ]] ||
    problem "debian/changelog is at $changelog_version, the project (CMakeLists.txt) at $VERSION"

echo "deb_test.sh: dpkg-buildpackage -b -us -uc (log: $WORK/build.log)"
# noautodbgsym: the -dbgsym package (150 MB of debug information, minutes to compress) is not
# what this test is about; the checks are stripped either way.
if ! (cd "$COPY" && DEB_BUILD_OPTIONS="parallel=2 noautodbgsym" dpkg-buildpackage -b -us -uc) >"$WORK/build.log" 2>&1; then
    tail -n 30 "$WORK/build.log" >&2
    die "dpkg-buildpackage failed"
fi
ARCH=$(dpkg --print-architecture)
DEB=$WORK/src/${PACKAGE}_${changelog_version}_${ARCH}.deb
CHANGES=$WORK/src/${PACKAGE}_${changelog_version}_${ARCH}.changes
[[ -f $DEB && -f $CHANGES ]] || die "no $DEB (or .changes) after the build"
echo "deb_test.sh: built $(basename "$DEB") ($(du -k "$DEB" | cut -f1) KiB)"

# --- 2. lintian: no error, no warning that debian/virtcheck.lintian-overrides does not explain.
lintian_status=0
lintian --info --display-level '>=info' --show-overrides --fail-on error,warning "$CHANGES" >"$WORK/lintian.log" 2>&1 ||
    lintian_status=$?
echo "deb_test.sh: lintian $(basename "$CHANGES"):"
sed 's/^/  /' "$WORK/lintian.log" | grep -v '^  N:' || true
((lintian_status == 0)) || problem "lintian found errors or unexplained warnings (exit $lintian_status)"

# --- 3. Install with apt, as a user would: apt install ./virtcheck_*.deb.
echo "deb_test.sh: apt-get install $(basename "$DEB")"
DEBIAN_FRONTEND=noninteractive "${APT[@]}" install --no-install-recommends --reinstall --allow-downgrades "$DEB" \
    >"$WORK/apt.log" 2>&1 || { tail -n 20 "$WORK/apt.log" >&2; die "apt-get install failed"; }
installed || die "$PACKAGE is not installed after apt-get install"
dpkg-query -L "$PACKAGE" | sort >"$WORK/files.txt"
echo "deb_test.sh: installed $(wc -l <"$WORK/files.txt") paths, $(dpkg-query -W -f='${Installed-Size}' "$PACKAGE") KiB:"
while read -r path; do [[ -f $path ]] && printf '  %8s  %s\n' "$(stat -c %s "$path")" "$path"; done <"$WORK/files.txt"

# --- 4. The files: every check and module, stripped, finding its modules; man pages; docs.
for check in "${CHECKS[@]}"; do
    [[ -x $PLUGINS/$check ]] || problem "$PLUGINS/$check is missing"
    [[ -f /usr/share/man/man1/$check.1.gz ]] || problem "no man page /usr/share/man/man1/$check.1.gz"
    runpath=$(readelf -d "$PLUGINS/$check" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
    [[ $runpath == "\$ORIGIN/../../virtcheck" ]] || problem "$check: RUNPATH '$runpath', want '\$ORIGIN/../../virtcheck'"
done
built_modules=$(find "$COPY"/obj-* -name 'virtcheck-*.so' -printf '%f\n' | sort)
[[ -n $built_modules ]] || problem "the package build made no modules"
for module in $built_modules; do
    [[ -f $MODULES/$module ]] || problem "module $module was built but is not in the package"
done
for file in "$PLUGINS"/check_* "$MODULES"/*.so; do
    grep -qxF "$file" "$WORK/files.txt" || continue
    if readelf -S "$file" | grep -qE '\.(symtab|debug_info)\b'; then problem "$file is not stripped"; fi
done
for file in /usr/share/man/man7/virtcheck-thresholds.7.gz /usr/share/man/man7/virtcheck.7.gz \
    /usr/bin/virtcheck-alert /usr/share/man/man1/virtcheck-alert.1.gz "$ICINGA_FILE" "$NAGIOS_FILE" \
    /usr/share/doc/$PACKAGE/copyright /usr/share/doc/$PACKAGE/changelog.gz \
    /usr/share/doc/$PACKAGE/examples/icinga2/virtcheck.conf /usr/share/doc/$PACKAGE/examples/nagios/virtcheck.cfg; do
    [[ -f $file ]] || problem "$file is not installed"
done
dpkg-query -W -f='${Conffiles}\n' "$PACKAGE" | grep -q "^ $NAGIOS_FILE " || problem "$NAGIOS_FILE is not a conffile"
# Every library an ELF file of the package needs comes from a package it depends on.
depends=$(dpkg-query -W -f='${Depends}' "$PACKAGE")
echo "deb_test.sh: Depends: $depends; Suggests: $(dpkg-query -W -f='${Suggests}' "$PACKAGE")"
needed=$(for file in "$PLUGINS"/check_* "$MODULES"/*.so /usr/bin/virtcheck-alert; do
    grep -qxF "$file" "$WORK/files.txt" && readelf -d "$file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
done | sort -u)
depends_names=$(tr ',|' '\n\n' <<<"$depends" | sed 's/(.*//; s/[[:space:]]//g')
MULTIARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
for library in $needed; do
    # The loader's copy of the library (ldconfig's cache), and the package that ships it.
    # awk reads to the end: leaving early would kill ldconfig with SIGPIPE, and pipefail with it.
    path=$(ldconfig -p | awk -v lib="$library" '!found && $1 == lib && /x86-64|x32|AArch64|64bit/ {print $NF; found = 1}')
    path=${path:-$(ldconfig -p | awk -v lib="$library" '!found && $1 == lib {print $NF; found = 1}')}
    owner=
    for candidate in "$path" "${path#/usr}" "/usr$path" "/usr/lib/$MULTIARCH/$library" "/lib/$MULTIARCH/$library"; do
        [[ -n $candidate ]] && owner=$(dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1) && [[ -n $owner ]] && break
    done
    [[ -n $owner ]] || { problem "no package owns $library (not in the loader cache: ${path:-none})"; continue; }
    grep -qxF "$owner" <<<"$depends_names" || problem "$library comes from $owner, which is not in Depends"
done

# --- 5. Every check from the installed path against the test driver (and the cgroup fixture).
export VIRTCHECK_STATE_DIR=$WORK/run/state
mkdir -p "$VIRTCHECK_STATE_DIR"
# run CHECK WANTED_EXIT FIRST_LINE_PREFIX ARGS...: exit code, line 1, nothing on stderr.
run() {
    local check=$1 want=$2 prefix=$3 status=0
    shift 3
    "$PLUGINS/$check" "$@" >"$WORK/run/out" 2>"$WORK/run/err" || status=$?
    local first
    first=$(head -n 1 "$WORK/run/out")
    echo "  $check $* -> $status: $first"
    [[ $status == "$want" ]] || problem "$check exited $status, want $want"
    [[ $first == "$prefix"* ]] || problem "$check: line 1 does not start with '$prefix'"
    [[ ! -s $WORK/run/err ]] || problem "$check wrote to stderr: $(head -c 200 "$WORK/run/err")"
}
# What each check says of test:///default (its disk reports an I/O error, its driver gives no
# host memory use), of a node fixture (check_vnet: whether virbr0 exists varies by machine),
# of the cgroup fixture without its broken container. A check this list does not know yet
# must still give a well-formed line 1 whose state word matches its exit code.
echo "deb_test.sh: every check from $PLUGINS:"
for check in "${CHECKS[@]}"; do
    short=${check#check_}
    short=${short^^}
    case $check in
    check_hypervisor) run "$check" 0 "HYPERVISOR OK - TEST " --uri test:///default ;;
    check_vm_state) run "$check" 0 "VM_STATE OK - 1 VM OK - 1 running" --uri test:///default ;;
    check_vm_disk) run "$check" 2 "VM_DISK CRITICAL - 1 of 1 disks CRITICAL: test/vda: I/O error" --uri test:///default ;;
    check_host_memory)
        run "$check" 3 "HOST_MEMORY UNKNOWN - host memory use not available from this driver" --uri test:///default ;;
    check_datastore) run "$check" 0 "DATASTORE OK - 1 pool OK" --uri test:///default ;;
    check_vnet)
        run "$check" 2 "VNET CRITICAL - 1 of 2 networks CRITICAL: orphan bridge br-gone missing" \
            --uri "test://$FIXTURES/nodes/storage-network.xml" ;;
    check_vm_cpu | check_vm_memory | check_vm_net | check_host_cpu | check_vm_snapshot)
        run "$check" 0 "$short OK - " --uri test:///default ;;
    check_container)
        run "$check" 0 "CONTAINER OK - 4 containers OK" --root "$FIXTURES/cgroup/tree" \
            --docker-dir "$FIXTURES/cgroup/docker" --podman-dir "$FIXTURES/cgroup/podman" --exclude '^broken$' ;;
    *)
        status=0
        first=$("$PLUGINS/$check" --uri test:///default 2>&1 | head -n 1) || status=$?
        "$PLUGINS/$check" --uri test:///default >/dev/null 2>&1 || status=$?
        states=(OK WARNING CRITICAL UNKNOWN)
        echo "  $check --uri test:///default -> $status: $first"
        [[ $status -le 3 && $first == "$short ${states[$status]} - "* ]] || problem "$check: line 1 and exit $status disagree"
        ;;
    esac
done
# SNMP mode loads the other module: no agent on this port is CRITICAL, not a loader error.
run check_hypervisor 2 "HYPERVISOR CRITICAL - no answer from the SNMP agent" -H 127.0.0.1 -p 18520 -C public -e 0 -t 2
# virtcheck-alert from the package: it starts and knows its version.
alert_version=$(/usr/bin/virtcheck-alert --version 2>&1) || problem "virtcheck-alert --version failed: $alert_version"
[[ $alert_version == "virtcheck-alert $VERSION" ]] || problem "virtcheck-alert --version says '$alert_version'"

# --- 6. Icinga 2: <plugins-contrib> brings the CheckCommands, naming the installed checks.
mkdir -p "$WORK"/icinga/{etc,var/lib,var/log,var/cache,var/spool,var/run}
commands=$(grep -o '^object CheckCommand "[^"]*"' "$ICINGA_FILE" | cut -d'"' -f2 | sort)
shipped=$(grep -o '^object CheckCommand "[^"]*"' "$COPY/examples/icinga2/virtcheck.conf" | cut -d'"' -f2 | sort)
[[ -n $commands && $commands == "$shipped" ]] || problem "the installed CheckCommands differ from examples/icinga2/virtcheck.conf"
{
    echo 'const NodeName = "virtcheck-package"'
    echo 'const ZoneName = "master"'
    grep -h '^const \(PluginDir\|PluginContribDir\|ManubulonPluginDir\)' /etc/icinga2/constants.conf 2>/dev/null ||
        echo "const PluginDir = \"$PLUGINS\"
const PluginContribDir = \"$PLUGINS\""
    echo 'include <itl>'
    echo 'include <plugins>'
    echo 'include <plugins-contrib>'
    echo 'object Host "package-test" { check_command = "dummy" }'
    for command in $commands; do
        printf 'object Service "%s" { host_name = "package-test"; check_command = "%s" }\n' "$command" "$command"
    done
} >"$WORK/icinga/etc/icinga2.conf"
ICINGA_DEFS=(-DConfiguration.DataDir="$WORK/icinga/var/lib" -DConfiguration.LogDir="$WORK/icinga/var/log"
    -DConfiguration.CacheDir="$WORK/icinga/var/cache" -DConfiguration.SpoolDir="$WORK/icinga/var/spool"
    -DConfiguration.InitRunDir="$WORK/icinga/var/run")
if ICINGA2_USER=root ICINGA2_GROUP=root icinga2 daemon -C -c "$WORK/icinga/etc/icinga2.conf" "${ICINGA_DEFS[@]}" \
    >"$WORK/icinga.log" 2>&1; then
    echo "deb_test.sh: icinga2 daemon -C with <plugins-contrib>: $(wc -w <<<"$commands") virtcheck CheckCommands validate"
    # The commands as Icinga 2 resolved them: the executable each one runs must be there.
    ICINGA2_USER=root ICINGA2_GROUP=root icinga2 object list --type CheckCommand --name 'virtcheck-*' \
        "${ICINGA_DEFS[@]}" >"$WORK/icinga-objects.log" 2>&1 || problem "icinga2 object list failed"
    for executable in $(grep -o '"/[^"]*/check_[a-z_]*"' "$WORK/icinga-objects.log" | tr -d '"' | sort -u); do
        [[ -x $executable ]] || problem "an installed CheckCommand runs $executable, which is not installed"
    done
    grep -q "\"$PLUGINS/check_hypervisor\"" "$WORK/icinga-objects.log" ||
        problem "virtcheck-hypervisor does not run $PLUGINS/check_hypervisor"
else
    tail -n 20 "$WORK/icinga.log" >&2
    problem "icinga2 daemon -C rejected the installed CheckCommands"
fi

# --- 7. Nagios 4: the installed definitions, as Debian's nagios.cfg would read them.
mkdir -p "$WORK/nagios/var/checkresults"
cat >"$WORK/nagios/nagios.cfg" <<EOF
cfg_file=$NAGIOS_FILE
cfg_file=$WORK/nagios/objects.cfg
log_file=$WORK/nagios/var/nagios.log
object_cache_file=$WORK/nagios/var/objects.cache
precached_object_file=$WORK/nagios/var/objects.precache
status_file=$WORK/nagios/var/status.dat
temp_file=$WORK/nagios/var/nagios.tmp
temp_path=$WORK/nagios/var
lock_file=$WORK/nagios/var/nagios.lock
check_result_path=$WORK/nagios/var/checkresults
state_retention_file=$WORK/nagios/var/retention.dat
nagios_user=nagios
nagios_group=nagios
use_syslog=0
check_external_commands=0
EOF
nagios_commands=$(awk '$1 == "command_name" {print $2}' "$NAGIOS_FILE")
{
    cat <<'EOF'
define timeperiod {
    timeperiod_name 24x7
    alias           always
    monday          00:00-24:00
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
    host_name             package-test
    address               127.0.0.1
    max_check_attempts    1
    check_period          24x7
    contacts              virtcheck
    notification_period   24x7
}
EOF
    for command in $nagios_commands; do
        printf 'define service {\n    host_name package-test\n    service_description %s\n    check_command %s\n' "$command" "$command"
        printf '    max_check_attempts 1\n    check_interval 60\n    retry_interval 60\n    check_period 24x7\n'
        printf '    contacts virtcheck\n    notification_period 24x7\n}\n'
    done
} >"$WORK/nagios/objects.cfg"
chown -R nagios:nagios "$WORK/nagios/var"
if /usr/sbin/nagios4 -v "$WORK/nagios/nagios.cfg" >"$WORK/nagios.log" 2>&1; then
    echo "deb_test.sh: nagios4 -v with $NAGIOS_FILE: $(wc -w <<<"$nagios_commands") commands validate"
else
    tail -n 20 "$WORK/nagios.log" >&2
    problem "nagios4 -v rejected $NAGIOS_FILE"
fi
# Each command line runs an installed check by its full path (no $USER1$ to set up).
while read -r executable; do
    [[ -x $executable ]] || problem "$NAGIOS_FILE runs $executable, which is not installed"
done < <(awk '$1 == "command_line" {print $2}' "$NAGIOS_FILE")
if grep -q '\$USER1\$/' "$NAGIOS_FILE"; then problem "$NAGIOS_FILE still says \$USER1\$"; fi

# --- 8. Remove keeps the conffile, purge takes it; nothing of the package is left.
DEBIAN_FRONTEND=noninteractive "${APT[@]}" remove "$PACKAGE" >>"$WORK/apt.log" 2>&1 || die "apt-get remove failed"
[[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$PACKAGE") == rc* ]] || problem "after remove the package is not in state rc"
[[ -f $NAGIOS_FILE ]] || problem "apt-get remove took the conffile $NAGIOS_FILE (only purge should)"
[[ ! -e $PLUGINS/check_hypervisor ]] || problem "apt-get remove left $PLUGINS/check_hypervisor"
DEBIAN_FRONTEND=noninteractive "${APT[@]}" purge "$PACKAGE" >>"$WORK/apt.log" 2>&1 || die "apt-get purge failed"
if known; then problem "$PACKAGE is still known to dpkg after purge"; fi
while read -r path; do
    if [[ -f $path || -L $path ]]; then
        problem "left after purge: $path"
    elif [[ -d $path ]] && ! dpkg -S "$path" >/dev/null 2>&1 && [[ -z $(ls -A "$path") ]]; then
        problem "left after purge: the empty directory $path, which no package owns"
    fi
done <"$WORK/files.txt"
echo "deb_test.sh: removed (conffile kept) and purged (conffile gone); no file of the package is left"

((fail == 0)) || die "the package is not right (see above)"
echo "deb_test.sh: the package builds, lints, installs, works and purges"
