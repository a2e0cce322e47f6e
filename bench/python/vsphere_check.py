#!/usr/bin/python3
"""virtcheck's vSphere-mode checks in Python with pyVmomi, as check_vsphere users run them.

Each mode makes the reads the virtcheck check makes (one RetrievePropertiesEx over a
ContainerView per object type, one QueryPerf for all powered-on VMs) and applies the same
default rules, printing one Nagios line. Like check_vsphere it logs in and out on every run:
pyVmomi keeps no session between processes.

  vsphere_check.py MODE URL USER      (password from $VIRTCHECK_VSPHERE_PASSWORD)

MODE: hypervisor vm_state vm_cpu vm_memory vm_disk vm_net host_cpu host_memory datastore
vm_snapshot. The server's certificate is not verified (the simulator's is self-signed).
"""
import os
import ssl
import sys
import time
from urllib.parse import urlparse

from pyVim.connect import Disconnect, SmartConnect
from pyVmomi import vim, vmodl

OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3
WORDS = ["OK", "WARNING", "CRITICAL", "UNKNOWN"]
PC = vmodl.query.PropertyCollector


def retrieve(content, kind, paths):
    """Every object of `kind` under the root folder with `paths`, in as few pages as the server allows."""
    view = content.viewManager.CreateContainerView(content.rootFolder, [kind], True)
    traversal = PC.TraversalSpec(name="view", path="view", skip=False, type=vim.view.ContainerView)
    spec = PC.FilterSpec(objectSet=[PC.ObjectSpec(obj=view, skip=True, selectSet=[traversal])],
                         propSet=[PC.PropertySpec(type=kind, pathSet=paths)])
    collector = content.propertyCollector
    result = collector.RetrievePropertiesEx([spec], PC.RetrieveOptions(maxObjects=10000))
    objects = list(result.objects) if result else []
    while result and result.token:
        result = collector.ContinueRetrievePropertiesEx(result.token)
        objects += list(result.objects)
    return [(o.obj, {p.name: p.val for p in o.propSet}) for o in objects]


def perf(content, entities, counters, instance=""):
    """One QueryPerf: the latest 20 s sample of `counters` for every entity: {(entity, counter, instance): value}."""
    manager = content.perfManager
    ids = {}
    for c in manager.perfCounter:
        name = "%s.%s.%s" % (c.groupInfo.key, c.nameInfo.key, c.rollupType)
        if name in counters:
            ids[c.key] = name
    if not entities or not ids:
        return {}
    metrics = [vim.PerformanceManager.MetricId(counterId=i, instance=instance) for i in ids]
    specs = [vim.PerformanceManager.QuerySpec(entity=e, metricId=metrics, intervalId=20, maxSample=1) for e in entities]
    out = {}
    for metric in manager.QueryPerf(querySpec=specs):
        for series in metric.value:
            if series.value:
                out[(metric.entity._moId, ids[series.id.counterId], series.id.instance)] = series.value[-1]
    return out


def verdict(name, rows, summary, perfdata=""):
    state = max([s for s, _ in rows] + [OK])
    bad = [t for s, t in rows if s == state and s != OK]
    text = ("%d of %d %s: %s" % (len(bad), len(rows), WORDS[state], ", ".join(bad[:3]))) if bad else summary
    print("%s %s - %s%s" % (name, WORDS[state], text, " | " + perfdata if perfdata else ""))
    return state


def hypervisor(content, started):
    about = content.about
    hosts = retrieve(content, vim.HostSystem, ["name", "runtime.connectionState", "runtime.inMaintenanceMode",
                                              "overallStatus", "triggeredAlarmState", "summary.quickStats.uptime"])
    rows = []
    for _, p in hosts:
        state, text = OK, p["name"]
        if p.get("runtime.connectionState") in ("notResponding", "disconnected"):
            state, text = CRITICAL, text + ": hypervisor not responding"
        if p.get("runtime.inMaintenanceMode"):
            state, text = max(state, WARNING), text + " in maintenance mode"
        status = p.get("overallStatus")
        state = max(state, {"red": CRITICAL, "yellow": WARNING}.get(status, OK))
        for alarm in p.get("triggeredAlarmState", []):
            state = max(state, {"red": CRITICAL, "yellow": WARNING}.get(alarm.overallStatus, OK))
        rows.append((state, text))
    seconds = time.monotonic() - started
    return verdict("HYPERVISOR", rows, "%s answered in %.1f ms; %d hosts" % (about.fullName, seconds * 1000, len(hosts)),
                   "'time'=%fs;;;0 'hosts'=%d;;;0" % (seconds, len(hosts)))


VM_PATHS = ["name", "config.template", "runtime.powerState", "runtime.connectionState", "runtime.host",
            "guest.toolsRunningStatus", "runtime.consolidationNeeded", "runtime.question", "summary.config.numCpu",
            "summary.config.memorySizeMB", "summary.quickStats.guestMemoryUsage", "summary.quickStats.hostMemoryUsage",
            "summary.quickStats.balloonedMemory", "summary.quickStats.swappedMemory",
            "summary.quickStats.compressedMemory"]


def vms(content, extra=()):
    return [(o, p) for o, p in retrieve(content, vim.VirtualMachine, VM_PATHS + list(extra))
            if not p.get("config.template")]


def vm_state(content, _):
    rows, counts = [], {}
    for _, p in vms(content):
        power = p.get("runtime.powerState")
        counts[power] = counts.get(power, 0) + 1
        state = WARNING if power == "suspended" else OK
        text = "%s %s" % (p["name"], power)
        if p.get("runtime.connectionState") in ("orphaned", "inaccessible", "invalid"):
            state = CRITICAL
        if power == "poweredOn" and p.get("guest.toolsRunningStatus") == "guestToolsNotRunning":
            state = max(state, WARNING)
        if p.get("runtime.consolidationNeeded"):
            state = max(state, WARNING)
        if p.get("runtime.question"):
            state = CRITICAL
        rows.append((state, text))
    return verdict("VM_STATE", rows, "%d VMs OK" % len(rows),
                   " ".join("'%s'=%d;;;0" % (k, v) for k, v in sorted(counts.items())))


def powered_on(content, extra=()):
    return [(o, p) for o, p in vms(content, extra) if p.get("runtime.powerState") == "poweredOn"]


def vm_cpu(content, _):
    on = powered_on(content)
    values = perf(content, [o for o, _ in on], {"cpu.usage.average", "cpu.ready.summation", "cpu.costop.summation"})
    rows, perfdata = [], []
    for o, p in on:
        cpus = max(1, p.get("summary.config.numCpu") or 1)
        usage = values.get((o._moId, "cpu.usage.average", ""), 0) / 100.0
        ready = values.get((o._moId, "cpu.ready.summation", ""), 0) / 20000.0 / cpus * 100
        costop = values.get((o._moId, "cpu.costop.summation", ""), 0) / 20000.0 / cpus * 100
        rows.append((OK, "%s %.1f%%" % (p["name"], usage)))
        perfdata.append("'%s_cpu'=%.1f%% '%s_ready'=%.1f%% '%s_costop'=%.1f%%" %
                        (p["name"], usage, p["name"], ready, p["name"], costop))
    return verdict("VM_CPU", rows, "%d VMs OK" % len(rows), " ".join(perfdata))


def vm_memory(content, _):
    rows, perfdata = [], []
    for _, p in powered_on(content):
        configured = p.get("summary.config.memorySizeMB") or 0
        active = p.get("summary.quickStats.guestMemoryUsage")
        if not configured or active is None:
            rows.append((UNKNOWN, "%s no guest memory figures" % p["name"]))
            continue
        rows.append((OK, "%s %.1f%% active" % (p["name"], active / configured * 100)))
        perfdata.append("'%s_used_percent'=%.1f%% '%s_swapped'=%dB" %
                        (p["name"], active / configured * 100, p["name"],
                         (p.get("summary.quickStats.swappedMemory") or 0) << 20))
    return verdict("VM_MEMORY", rows, "%d VMs OK" % len(rows), " ".join(perfdata))


def devices(content, name, counters, label):
    on = powered_on(content)
    values = perf(content, [o for o, _ in on], set(counters), "*")
    names = {o._moId: p["name"] for o, p in on}
    rows = {}
    for (moid, counter, instance), value in values.items():
        if instance:
            rows.setdefault((names[moid], instance), {})[counter] = value
    found = [(OK, "%s/%s %s" % (vm, device, label(figures))) for (vm, device), figures in sorted(rows.items())]
    return verdict(name, found, "%d devices OK" % len(found))


def vm_disk(content, _):
    return devices(content, "VM_DISK", ["virtualDisk.read.average", "virtualDisk.write.average",
                                        "virtualDisk.numberReadAveraged.average",
                                        "virtualDisk.numberWriteAveraged.average",
                                        "virtualDisk.totalReadLatency.average",
                                        "virtualDisk.totalWriteLatency.average"],
                   lambda f: "read %d KB/s" % f.get("virtualDisk.read.average", 0))


def vm_net(content, _):
    return devices(content, "VM_NET", ["net.received.average", "net.transmitted.average", "net.packetsRx.summation",
                                       "net.packetsTx.summation", "net.droppedRx.summation", "net.droppedTx.summation"],
                   lambda f: "%d KB/s" % (f.get("net.received.average", 0) + f.get("net.transmitted.average", 0)))


def hosts_and_vms(content):
    hosts = retrieve(content, vim.HostSystem, ["name", "runtime.connectionState", "summary.quickStats.overallCpuUsage",
                                              "summary.quickStats.overallMemoryUsage", "hardware.cpuInfo",
                                              "hardware.memorySize"])
    on = powered_on(content)
    return hosts, on


def host_cpu(content, _):
    hosts, on = hosts_and_vms(content)
    rows = []
    for h, p in hosts:
        info = p.get("hardware.cpuInfo")
        capacity = info.hz / 1e6 * info.numCpuCores if info else 0
        vcpus = sum(v.get("summary.config.numCpu") or 0 for _, v in on if v.get("runtime.host") == h)
        used = (p.get("summary.quickStats.overallCpuUsage") or 0) / capacity * 100 if capacity else 0
        rows.append((OK, "%s %.1f%% used, %d vCPUs" % (p["name"], used, vcpus)))
    return verdict("HOST_CPU", rows, "%d hosts OK" % len(rows))


def host_memory(content, _):
    hosts, on = hosts_and_vms(content)
    rows = []
    for h, p in hosts:
        total = p.get("hardware.memorySize") or 0
        used = (p.get("summary.quickStats.overallMemoryUsage") or 0) << 20
        configured = sum((v.get("summary.config.memorySizeMB") or 0) << 20 for _, v in on if v.get("runtime.host") == h)
        rows.append((OK, "%s %.1f%% used, %.1f%% configured" %
                     (p["name"], used / total * 100 if total else 0, configured / total * 100 if total else 0)))
    return verdict("HOST_MEMORY", rows, "%d hosts OK" % len(rows))


def datastore(content, _):
    rows = []
    for _, p in retrieve(content, vim.Datastore, ["name", "summary.capacity", "summary.freeSpace",
                                                 "summary.uncommitted", "summary.accessible",
                                                 "summary.maintenanceMode"]):
        if not p.get("summary.accessible"):
            rows.append((CRITICAL, "%s inaccessible" % p["name"]))
            continue
        capacity, free = p.get("summary.capacity") or 0, p.get("summary.freeSpace") or 0
        state = WARNING if p.get("summary.maintenanceMode", "normal") != "normal" else OK
        rows.append((state, "%s %.1f%% used" % (p["name"], (capacity - free) / capacity * 100 if capacity else 0)))
    return verdict("DATASTORE", rows, "%d datastores OK" % len(rows))


def vm_snapshot(content, _):
    rows, now = [], time.time()
    for _, p in vms(content, ["snapshot.rootSnapshotList", "layoutEx.file"]):
        stack, count, oldest = list(p.get("snapshot.rootSnapshotList") or []), 0, None
        while stack:
            s = stack.pop()
            count += 1
            created = s.createTime.timestamp()
            oldest = created if oldest is None else min(oldest, created)
            stack += list(s.childSnapshotList or [])
        size = sum(f.size for f in (p.get("layoutEx.file") or []) if f.type in ("snapshotData", "snapshotMemory"))
        age = "oldest %.0f s" % (now - oldest) if oldest else ""
        rows.append((OK, "%s %d snapshots %s %d B" % (p["name"], count, age, size)))
    return verdict("VM_SNAPSHOT", rows, "%d VMs OK" % len(rows))


MODES = {f.__name__: f for f in (hypervisor, vm_state, vm_cpu, vm_memory, vm_disk, vm_net, host_cpu, host_memory,
                                  datastore, vm_snapshot)}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in MODES:
        print("usage: vsphere_check.py %s URL USER" % "|".join(MODES))
        return UNKNOWN
    mode, url, user = sys.argv[1:]
    parsed = urlparse(url)
    started = time.monotonic()
    try:
        si = SmartConnect(host=parsed.hostname, port=parsed.port or 443, user=user,
                          pwd=os.environ.get("VIRTCHECK_VSPHERE_PASSWORD", ""),
                          sslContext=ssl._create_unverified_context())
    except Exception as e:  # noqa: BLE001 - a plugin reports every failure as one line
        print("%s CRITICAL - cannot connect to %s: %s" % (mode.upper(), url, e))
        return CRITICAL
    try:
        return MODES[mode](si.RetrieveContent(), started)
    finally:
        Disconnect(si)


if __name__ == "__main__":
    sys.exit(main())
