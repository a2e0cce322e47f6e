#!/usr/bin/python3
"""check_hypervisor in Python: what a plugin author would write with python3-libvirt.

Same work as virtcheck's check_hypervisor: read-only connection with prompts
refused, getType/getVersion/getLibVersion/getHostname/getInfo/numOfDomains,
one Nagios output line.  Plain libvirt bindings, no plugin framework.

Note: the binding's getInfo() reports memory in MiB (libvirt itself reports
KiB), so the memory perfdata here is rounded down to whole MiB.
"""
import argparse
import sys
import time

import libvirt

OK, CRITICAL, UNKNOWN = 0, 2, 3


def version(v):
    return "%d.%d.%d" % (v // 1000000, v // 1000 % 1000, v % 1000)


def main():
    parser = argparse.ArgumentParser(description="Check a libvirt hypervisor")
    parser.add_argument("-u", "--uri", required=True, help="libvirt connection URI")
    args = parser.parse_args()

    # Keep libvirt from printing its errors on stderr; we report them ourselves.
    libvirt.registerErrorHandler(lambda ctx, err: None, None)

    def refuse(credentials, data):
        return -1

    auth = [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE,
             libvirt.VIR_CRED_ECHOPROMPT, libvirt.VIR_CRED_NOECHOPROMPT,
             libvirt.VIR_CRED_EXTERNAL], refuse, None]

    start = time.monotonic()
    try:
        conn = libvirt.openAuth(args.uri, auth, libvirt.VIR_CONNECT_RO)
    except libvirt.libvirtError as e:
        print("HYPERVISOR CRITICAL - hypervisor not running: cannot reach libvirt at %s (%s)"
              % (args.uri, e.get_error_message()))
        return CRITICAL
    try:
        hv_type = conn.getType()
        hv_version = conn.getVersion()
        lib_version = conn.getLibVersion()
        hostname = conn.getHostname()
        info = conn.getInfo()
        running = conn.numOfDomains()
    except libvirt.libvirtError as e:
        print("HYPERVISOR UNKNOWN - query failed on %s (%s)" % (args.uri, e.get_error_message()))
        return UNKNOWN
    finally:
        elapsed = time.monotonic() - start
    conn.close()

    cpus = info[2]
    memory = info[1] * 1024 * 1024  # MiB -> B
    print("HYPERVISOR OK - %s %s via libvirt %s on %s: %d CPUs, %.1f GiB memory, %d VM%s running"
          " | 'time'=%.4fs;;;0 'vms_running'=%d;;;0 'cpus'=%d;;;0 'memory'=%dB;;;0"
          % (hv_type, version(hv_version), version(lib_version), hostname, cpus,
             memory / 1024 ** 3, running, "" if running == 1 else "s",
             elapsed, running, cpus, memory))
    return OK


if __name__ == "__main__":
    sys.exit(main())
