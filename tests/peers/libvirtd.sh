#!/usr/bin/env bash
# Run a private libvirtd (qemu:///system) with one transient QEMU VM for integration tests
# (two qcow2 disks: vda fresh, vdb half written before the VM starts),
# plus the objects the storage and network checks read: a dir pool on a 100 MiB tmpfs
# holding an 80 MiB file, a defined but inactive pool, a network with a DHCP range of 10
# addresses and 2 current leases, and a defined but inactive network.
# No service manager here: we start the daemon ourselves, record PIDs in DIR and stop only those.
#   libvirtd.sh start|stop-daemon|stop|status DIR
set -euo pipefail

usage() { echo "usage: $0 {start|stop-daemon|stop|status} DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
CMD=$1
mkdir -p "$2"
DIR=$(cd "$2" && pwd)

CONF=/etc/libvirt/qemu.conf
VM=vc-test-vm
LOG=$DIR/libvirtd.log
DPID=$DIR/libvirtd.pid       # written by libvirtd itself (--pid-file)
LAUNCHED=$DIR/libvirtd.ours  # written by us at launch: libvirtd truncates DPID while starting
QPID=$DIR/qemu.pid
# The VM's VNC password: a test secret that must never appear in any check's output.
VNC_PASSWORD=vcSecr8t  # VNC allows 8 characters at most
VNC_PORT=18490
POOL=vc-test-pool
IDLE_POOL=vc-test-idle
NET=vc-test-net
IDLE_NET=vc-test-idle-net
BRIDGE=vctestbr0
# TEST-NET-2: documentation addresses, not routed anywhere (TEST-NET-1 may be this host's own).
SUBNET=198.51.100
LEASES=/var/lib/libvirt/dnsmasq/$BRIDGE.status
# Bounded client calls: the first call after a fresh start blocks while libvirtd probes QEMU (~8 s).
VIRSH=(timeout 20 virsh -q -c qemu:///system)

exec 3>&2 # die writes here, so its message survives inside the silenced wait conditions
die() {
    echo "libvirtd.sh: $*" >&3
    if [[ -f $LOG ]]; then echo "--- last lines of $LOG:" >&3; tail -n 20 "$LOG" >&3; fi
    exit 1
}

# shellcheck source=pidfile.sh
source "$(dirname "$0")/pidfile.sh"
# stop_recorded PIDFILE COMM NAME: stop the process PIDFILE records (10 s for SIGTERM) and keep
# the file: "stop" after "stop-daemon" still needs libvirtd.ours to find QEMU and clean up.
stop_recorded() {
    if [[ -s $1 ]]; then pid_stop "$(<"$1")" "$2" "$3" 10 || die "could not stop $3"; fi
}

# wait_for SECONDS WHAT CMD...: poll CMD every 0.2 s, fail loudly on timeout.
wait_for() {
    local limit=$1 what=$2 end=$((SECONDS + $1))
    shift 2
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < end)) || die "timed out after ${limit}s waiting for $what"
        sleep 0.2
    done
}

daemon_answers() {
    pid_alive "$(<"$LAUNCHED")" || die "libvirtd (pid $(<"$LAUNCHED")) exited during startup"
    "${VIRSH[@]}" version
}

vm_running() { [[ $("${VIRSH[@]}" domstate "$VM" 2>/dev/null) == running* ]]; }

write_conf() {
    # Keep the host's file once; an absent original is remembered so stop removes ours.
    if [[ ! -e $DIR/qemu.conf.orig && ! -e $DIR/qemu.conf.absent ]]; then
        if [[ -e $CONF ]]; then cp -p "$CONF" "$DIR/qemu.conf.orig"; else touch "$DIR/qemu.conf.absent"; fi
    fi
    mkdir -p "$(dirname "$CONF")"
    # root + no security driver: no svirt/apparmor here; stdio_handler=file avoids needing virtlogd.
    cat >"$CONF" <<'EOF'
# Written by virtcheck tests/peers/libvirtd.sh; restored by "libvirtd.sh stop".
user = "root"
group = "root"
security_driver = "none"
stdio_handler = "file"
EOF
}

restore_conf() {
    if [[ -e $DIR/qemu.conf.orig ]]; then
        mv -f "$DIR/qemu.conf.orig" "$CONF"
    elif [[ -e $DIR/qemu.conf.absent ]]; then
        rm -f "$CONF" "$DIR/qemu.conf.absent"
    fi
}

start_daemon() {
    if pidfile_alive "$LAUNCHED" libvirtd; then
        echo "libvirtd already running (ours, pid $(<"$LAUNCHED"))"
        return
    fi
    # One libvirtd per machine: never take over someone else's (scan /proc: procps may be absent).
    local others
    others=$(pids_named libvirtd)
    if [[ -n $others ]] || timeout 10 virsh -q -c qemu:///system version >/dev/null 2>&1; then
        echo "libvirtd.sh: a libvirtd not started from $DIR is already running" \
            "(pids: ${others:-?}); stop it first" >&2
        exit 1
    fi
    # The QEMU driver refuses to load without this account, even when running VMs as root.
    getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
    id -u libvirt-qemu >/dev/null 2>&1 ||
        useradd -r -g libvirt-qemu -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
    write_conf
    rm -f "$DPID"
    /usr/sbin/libvirtd --pid-file "$DPID" </dev/null >"$LOG" 2>&1 3>&- &
    echo $! >"$LAUNCHED"
    # From here on a failed start tears everything down, so no daemon is left without a record.
    trap 'if (($? != 0)); then echo "libvirtd.sh: start failed, cleaning up" >&3; stop_all; fi' EXIT
    wait_for 60 "libvirtd to answer on qemu:///system" daemon_answers
    [[ $(<"$DPID") == "$(<"$LAUNCHED")" ]] || die "$DPID does not hold libvirtd's pid $(<"$LAUNCHED")"
}

start_vm() {
    if vm_running; then
        echo "VM $VM already running"
    else
        rm -f "$DIR/$VM.qcow2" "$DIR/$VM-half.qcow2"
        qemu-img create -q -f qcow2 "$DIR/$VM.qcow2" 64M
        # A second disk half written before the VM starts: QEMU's own allocation figure (the
        # highest offset it wrote) reads 0 for it, the image holds 32 MiB (qemu-img map).
        qemu-img create -q -f qcow2 "$DIR/$VM-half.qcow2" 64M
        qemu-io -f qcow2 -c "write -P 0x5a 0 32M" "$DIR/$VM-half.qcow2" >/dev/null || die "qemu-io could not write $VM-half.qcow2"
        # No OS on the disk: the VM idles in SeaBIOS, which is enough for stats.
        cat >"$DIR/$VM.xml" <<EOF
<domain type='qemu'>
  <name>$VM</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$DIR/$VM.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$DIR/$VM-half.qcow2'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
    <interface type='ethernet'>
      <target dev='vctap0'/>
      <model type='e1000'/>
      <rom enabled='no'/>
    </interface>
    <memballoon model='virtio'><stats period='2'/></memballoon>
    <!-- check_vm_security: a password-protected console on loopback only, never beyond it,
         on a fixed port (not autoport's 5900+, which others may use). -->
    <graphics type='vnc' port='$VNC_PORT' autoport='no' passwd='$VNC_PASSWORD'><listen type='address' address='127.0.0.1'/></graphics>
  </devices>
</domain>
EOF
        "${VIRSH[@]}" create "$DIR/$VM.xml" >/dev/null || die "virsh create $DIR/$VM.xml failed"
        wait_for 30 "domain $VM to be running" vm_running
    fi
    local run=/run/libvirt/qemu/$VM.pid
    [[ -s $run ]] || die "$run missing although $VM runs"
    cp "$run" "$QPID"
}

start_objects() {
    # A tmpfs of exactly 100 MiB makes the pool's capacity and allocation exact.
    mkdir -p "$DIR/pool" "$DIR/idle-pool"
    mountpoint -q "$DIR/pool" || mount -t tmpfs -o size=100M "$POOL" "$DIR/pool" || die "cannot mount a tmpfs on $DIR/pool"
    fallocate -l 80M "$DIR/pool/fill.img" || die "fallocate on $DIR/pool failed"
    "${VIRSH[@]}" pool-info "$POOL" >/dev/null 2>&1 ||
        "${VIRSH[@]}" pool-create-as "$POOL" dir --target "$DIR/pool" >/dev/null || die "pool-create-as $POOL failed"
    "${VIRSH[@]}" pool-info "$IDLE_POOL" >/dev/null 2>&1 ||
        "${VIRSH[@]}" pool-define-as "$IDLE_POOL" dir --target "$DIR/idle-pool" >/dev/null ||
        die "pool-define-as $IDLE_POOL failed"

    cat >"$DIR/$NET.xml" <<EOF
<network>
  <name>$NET</name>
  <bridge name='$BRIDGE' stp='off' delay='0'/>
  <ip address='$SUBNET.1' netmask='255.255.255.0'>
    <dhcp><range start='$SUBNET.100' end='$SUBNET.109'/></dhcp>
  </ip>
</network>
EOF
    sed -e "s/$NET/$IDLE_NET/" -e "s/$BRIDGE/vctestbr1/" -e "s/$SUBNET\./203.0.113./g" "$DIR/$NET.xml" >"$DIR/$IDLE_NET.xml"
    "${VIRSH[@]}" net-info "$NET" >/dev/null 2>&1 ||
        "${VIRSH[@]}" net-create "$DIR/$NET.xml" >/dev/null || die "net-create $NET failed (it needs dnsmasq and iptables)"
    "${VIRSH[@]}" net-info "$IDLE_NET" >/dev/null 2>&1 ||
        "${VIRSH[@]}" net-define "$DIR/$IDLE_NET.xml" >/dev/null || die "net-define $IDLE_NET failed"
    # Leases as libvirt's dnsmasq helper records them: two current, one expired (not counted).
    local expiry=$(($(date +%s) + 86400))
    cat >"$LEASES" <<EOF
[
  {"ip-address": "$SUBNET.101", "mac-address": "52:54:00:00:10:01", "hostname": "guest1", "expiry-time": $expiry},
  {"ip-address": "$SUBNET.102", "mac-address": "52:54:00:00:10:02", "hostname": "guest2", "expiry-time": $expiry},
  {"ip-address": "$SUBNET.103", "mac-address": "52:54:00:00:10:03", "hostname": "gone", "expiry-time": 1000}
]
EOF
}

# Removes the pools and networks: through libvirt while it runs, then whatever is left by
# hand (a daemon that stopped first leaves dnsmasq, the bridge and the definitions behind).
stop_objects() {
    if pidfile_alive "$LAUNCHED" libvirtd; then
        "${VIRSH[@]}" net-destroy "$NET" >/dev/null 2>&1 || true
        "${VIRSH[@]}" net-undefine "$IDLE_NET" >/dev/null 2>&1 || true
        "${VIRSH[@]}" pool-destroy "$POOL" >/dev/null 2>&1 || true
        "${VIRSH[@]}" pool-undefine "$IDLE_POOL" >/dev/null 2>&1 || true
    fi
    local dnsmasq=/run/libvirt/network/$NET.pid
    if [[ -s $dnsmasq ]]; then stop_recorded "$dnsmasq" dnsmasq "dnsmasq of $NET"; fi
    rm -f "/run/libvirt/network/$NET".* "/etc/libvirt/qemu/networks/$IDLE_NET.xml" \
        "/etc/libvirt/storage/$IDLE_POOL.xml" "/run/libvirt/storage/$POOL.xml" "$LEASES"
    if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE" || true; fi
    if mountpoint -q "$DIR/pool"; then umount "$DIR/pool" || die "cannot unmount $DIR/pool"; fi
    rm -rf "$DIR/pool" "$DIR/idle-pool"
}

# The VM's current QEMU, as libvirt recorded it: a test may have restarted the VM since start.
record_qemu() {
    local run=/run/libvirt/qemu/$VM.pid
    if pidfile_alive "$run"; then cp "$run" "$QPID"; fi
}

stop_all() {
    record_qemu
    stop_objects
    if [[ -e $LAUNCHED ]]; then
        if pidfile_alive "$LAUNCHED" libvirtd; then "${VIRSH[@]}" destroy "$VM" >/dev/null 2>&1 || true; fi
        # After stop-daemon QEMU outlives libvirtd: end it by its recorded PID.
        stop_recorded "$QPID" qemu-system "QEMU"
        stop_recorded "$LAUNCHED" libvirtd "libvirtd"
        # Stale runtime state of our VM would make the next libvirtd try to reattach to it.
        rm -f "/run/libvirt/qemu/$VM.pid" "/run/libvirt/qemu/$VM.xml"
        # Snapshot metadata a failed test left behind would greet the next VM of this name.
        rm -rf "/var/lib/libvirt/qemu/snapshot/$VM"
        if ip link show vctap0 >/dev/null 2>&1; then ip link delete vctap0 || true; fi
    fi
    restore_conf
    rm -f "$DIR/$VM.qcow2" "$DIR/$VM-half.qcow2" "$DPID" "$LAUNCHED" "$QPID"
    # A QEMU of our VM that outlived all this was leaked (e.g. its PID was never recorded).
    local cmdline leaked=''
    for cmdline in /proc/[0-9]*/cmdline; do
        if tr '\0' ' ' 2>/dev/null <"$cmdline" | grep -q "guest=$VM,"; then leaked+=" $(basename "$(dirname "$cmdline")")"; fi
    done
    [[ -z $leaked ]] || die "QEMU of $VM still running after stop (pids:$leaked)"
}

case $CMD in
start)
    start_daemon
    start_vm
    start_objects
    echo "libvirtd ready (pid $(<"$LAUNCHED")), VM $VM running, pools $POOL $IDLE_POOL, networks $NET $IDLE_NET"
    ;;
stop-daemon)
    record_qemu # QEMU keeps running on purpose; stop must still find it
    stop_objects
    stop_recorded "$LAUNCHED" libvirtd "libvirtd"
    ;;
stop)
    stop_all
    echo "libvirtd and VM $VM stopped"
    ;;
status)
    if pidfile_alive "$LAUNCHED" libvirtd; then echo "libvirtd running (pid $(<"$LAUNCHED"))"; else
        echo "libvirtd not running"
        exit 1
    fi
    ;;
*) usage ;;
esac
