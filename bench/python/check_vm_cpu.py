#!/usr/bin/python3
"""check_vm_cpu in Python: what a plugin author would write with python3-libvirt.

Same work as virtcheck's check_vm_cpu in its state-file mode: read-only
connection with prompts refused, the running VMs' state, CPU and vCPU stats
in one getAllDomainStats call (NOWAIT, again without it when the driver
refuses the flag) and, when no running VM has "cpu.time" (the test driver),
info() and vcpus() per VM.  The counters are kept in a JSON state file in the
temporary directory ($TMPDIR, else /tmp); CPU use in % of the VM's vCPUs (and
steal/wait per vCPU where the driver gives them) is the difference to the
previous run.  One Nagios line naming the busiest VMs, perfdata per VM.
"""
import argparse
import hashlib
import json
import os
import sys
import tempfile
import time

import libvirt

OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3
STATUS = ["OK", "WARNING", "CRITICAL", "UNKNOWN"]


def all_domain_stats(conn, stats, flags):
    try:
        return conn.getAllDomainStats(stats, flags | libvirt.VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT)
    except libvirt.libvirtError as e:
        if e.get_error_code() not in (libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_ERR_NO_SUPPORT):
            raise
        return conn.getAllDomainStats(stats, flags)


def read_vms(conn):
    """{key: {"name", "vcpus", "cpu", "delay": [...], "wait": [...]}} of the running VMs."""
    records = all_domain_stats(conn, libvirt.VIR_DOMAIN_STATS_STATE | libvirt.VIR_DOMAIN_STATS_CPU_TOTAL
                               | libvirt.VIR_DOMAIN_STATS_VCPU, libvirt.VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE)
    running = [(dom, stats) for dom, stats in records if stats.get("state.state") == libvirt.VIR_DOMAIN_RUNNING]
    bulk = any("cpu.time" in stats for _, stats in running)
    vms = {}
    for dom, stats in running:
        vm = {"name": dom.name()}
        if bulk:
            vm["cpu"] = stats.get("cpu.time")
            vm["vcpus"] = stats.get("vcpu.current", 0)
            for field in ("delay", "wait"):
                values = [stats.get("vcpu.%d.%s" % (i, field)) for i in range(vm["vcpus"])]
                if values and None not in values:
                    vm[field] = values
        else:  # the driver has no bulk CPU stats: ask each VM
            state, _, _, vm["vcpus"], vm["cpu"] = dom.info()
            dom.vcpus()  # per-vCPU times; the driver gives no steal or wait
        if vm["cpu"] is not None:
            vms["%s/%d" % (dom.UUIDString(), dom.ID())] = vm
    return vms


def main():
    parser = argparse.ArgumentParser(description="CPU use of each running virtual machine")
    parser.add_argument("-u", "--uri", required=True, help="libvirt connection URI")
    parser.add_argument("-w", "--warning", type=float, help="warning above this CPU use, in %%")
    parser.add_argument("-c", "--critical", type=float, help="critical above this CPU use, in %%")
    parser.add_argument("--top", type=int, default=3, help="busiest VMs named in the summary")
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
        print("VM_CPU CRITICAL - cannot reach libvirt at %s (%s)" % (args.uri, e.get_error_message()))
        return CRITICAL

    state_file = os.path.join(tempfile.gettempdir(), "check_vm_cpu-%s.json"
                              % hashlib.sha1(args.uri.encode()).hexdigest()[:16])
    try:
        with open(state_file) as f:
            previous = json.load(f)
    except (OSError, ValueError):
        previous = None

    try:
        now = time.time()
        vms = read_vms(conn)
    except libvirt.libvirtError as e:
        print("VM_CPU UNKNOWN - reading VM statistics from %s failed (%s)" % (args.uri, e.get_error_message()))
        return UNKNOWN
    conn.close()

    temporary = "%s.%d" % (state_file, os.getpid())
    with open(temporary, "w") as f:
        json.dump({"time": now, "vms": vms}, f)
    os.replace(temporary, state_file)

    if previous is None:
        print("VM_CPU OK - %d VMs; first sample stored, rates from the next run | 'vms'=%d;;;0"
              % (len(vms), len(vms)))
        return OK

    seconds = max(now - previous["time"], 1e-6)
    status = OK
    measured = []  # (cpu %, name, perfdata)
    for key, vm in sorted(vms.items(), key=lambda kv: kv[1]["name"]):
        before = previous["vms"].get(key)
        if not before or not vm["vcpus"] or vm["cpu"] < before["cpu"]:
            continue  # new or restarted VM: rates from the next run
        cpu = min(100.0, (vm["cpu"] - before["cpu"]) / seconds / 1e9 / vm["vcpus"] * 100)
        perf = ["'%s_cpu'=%.1f%%;%s;%s;0;100" % (vm["name"], cpu, fmt(args.warning), fmt(args.critical))]
        for field, label in (("delay", "steal"), ("wait", "wait")):
            if field in vm and field in before and len(vm[field]) == len(before[field]):
                per_vcpu = [min(100.0, (a - b) / seconds / 1e9 * 100) for a, b in zip(vm[field], before[field])]
                perf.append("'%s_%s'=%.1f%%;;;0;100" % (vm["name"], label, sum(per_vcpu) / len(per_vcpu)))
        if args.critical is not None and cpu > args.critical:
            status = CRITICAL
        elif args.warning is not None and cpu > args.warning:
            status = max(status, WARNING)
        measured.append((cpu, vm["name"], " ".join(perf)))

    measured.sort(key=lambda m: -m[0])
    top = ", ".join("%s %.1f%%" % (name, cpu) for cpu, name, _ in measured[:args.top])
    highest = measured[0][0] if measured else 0.0
    print("VM_CPU %s - %d VMs; top: %s | 'vms'=%d;;;0 'cpu_max'=%.1f%%;;;0;100 %s"
          % (STATUS[status], len(vms), top, len(vms), highest, " ".join(p for _, _, p in measured)))
    return status


def fmt(value):
    return "" if value is None else "%g" % value


if __name__ == "__main__":
    sys.exit(main())
