#!/usr/bin/python3
"""check_vm_state in Python: what a plugin author would write with python3-libvirt.

Same work as virtcheck's check_vm_state with its default rules: read-only
connection with prompts refused, the state of every VM in one
getAllDomainStats call (NOWAIT, again without it when the driver refuses the
flag), autostart() for each shut-off VM.  CRITICAL for a crashed VM or one
paused by an I/O error or a guest crash, WARNING for any other paused VM or a
shut-off one set to autostart; one Nagios line with counts as perfdata, one
long-output line per VM that is not OK.
"""
import argparse
import sys

import libvirt

OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3
STATUS = ["OK", "WARNING", "CRITICAL", "UNKNOWN"]
STATES = [  # virDomainState order
    ("nostate", libvirt.VIR_DOMAIN_NOSTATE), ("running", libvirt.VIR_DOMAIN_RUNNING),
    ("blocked", libvirt.VIR_DOMAIN_BLOCKED), ("paused", libvirt.VIR_DOMAIN_PAUSED),
    ("shutdown", libvirt.VIR_DOMAIN_SHUTDOWN), ("shutoff", libvirt.VIR_DOMAIN_SHUTOFF),
    ("crashed", libvirt.VIR_DOMAIN_CRASHED), ("pmsuspended", libvirt.VIR_DOMAIN_PMSUSPENDED),
]
NAMES = {number: name for name, number in STATES}
PAUSED_BY_FAILURE = {libvirt.VIR_DOMAIN_PAUSED_IOERROR, libvirt.VIR_DOMAIN_PAUSED_CRASHED}


def all_domain_stats(conn, stats, flags):
    try:
        return conn.getAllDomainStats(stats, flags | libvirt.VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT)
    except libvirt.libvirtError as e:
        if e.get_error_code() not in (libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_ERR_NO_SUPPORT):
            raise
        return conn.getAllDomainStats(stats, flags)


def main():
    parser = argparse.ArgumentParser(description="Check the state of each virtual machine")
    parser.add_argument("-u", "--uri", required=True, help="libvirt connection URI")
    args = parser.parse_args()

    libvirt.registerErrorHandler(lambda ctx, err: None, None)

    def refuse(credentials, data):
        return -1

    auth = [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE,
             libvirt.VIR_CRED_ECHOPROMPT, libvirt.VIR_CRED_NOECHOPROMPT,
             libvirt.VIR_CRED_EXTERNAL], refuse, None]
    try:
        conn = libvirt.openAuth(args.uri, auth, libvirt.VIR_CONNECT_RO)
    except libvirt.libvirtError as e:
        print("VM_STATE CRITICAL - cannot reach libvirt at %s (%s)" % (args.uri, e.get_error_message()))
        return CRITICAL

    counts = {name: 0 for name, _ in STATES}
    problems = []  # (status, text)
    try:
        for dom, stats in all_domain_stats(conn, libvirt.VIR_DOMAIN_STATS_STATE, 0):
            state = stats.get("state.state", libvirt.VIR_DOMAIN_NOSTATE)
            reason = stats.get("state.reason", 0)
            name = NAMES.get(state, "nostate")
            counts[name] += 1
            if state == libvirt.VIR_DOMAIN_CRASHED:
                problems.append((CRITICAL, "%s crashed" % dom.name()))
            elif state == libvirt.VIR_DOMAIN_PAUSED:
                status = CRITICAL if reason in PAUSED_BY_FAILURE else WARNING
                problems.append((status, "%s paused" % dom.name()))
            elif state == libvirt.VIR_DOMAIN_SHUTOFF and dom.autostart():
                problems.append((WARNING, "%s shutoff but set to autostart" % dom.name()))
    except libvirt.libvirtError as e:
        print("VM_STATE UNKNOWN - reading VM statistics from %s failed (%s)" % (args.uri, e.get_error_message()))
        return UNKNOWN
    conn.close()

    total = sum(counts.values())
    status = max([OK] + [s for s, _ in problems])
    details = ", ".join("%d %s" % (counts[name], name) for name, _ in STATES if counts[name])
    if problems:
        worst = [text for s, text in problems if s == status]
        summary = "%d of %d VMs %s: %s; %s" % (len(worst), total, STATUS[status], ", ".join(worst[:5]), details)
    else:
        summary = "%d VMs OK; %s" % (total, details)
    perfdata = " ".join("'%s'=%d;;;0" % (name, counts[name]) for name, _ in STATES[1:])
    print("VM_STATE %s - %s | %s 'vms'=%d;;;0" % (STATUS[status], summary, perfdata, total))
    for s, text in sorted(problems, key=lambda p: -p[0]):
        print("[%s] %s" % (STATUS[s], text))
    return status


if __name__ == "__main__":
    sys.exit(main())
