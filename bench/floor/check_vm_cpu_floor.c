/*
 * check_vm_cpu_floor.c - the "floor" for the check_vm_cpu benchmark.
 *
 * The libvirt calls check_vm_cpu makes, and nothing else: a read-only
 * connection (prompts refused), one virConnectGetAllDomainStats for the
 * state, CPU and vCPU groups of the running VMs (NOWAIT, again without it
 * when the driver refuses the flag) and, when no running VM came back with
 * "cpu.time" (drivers without bulk CPU stats, such as the test driver),
 * virDomainGetInfo for each VM plus virDomainGetVcpus for each running one.
 * Then one line with the VM count and their total CPU time.
 *
 * No state file, no rates, no thresholds, no per-VM output: virtcheck's
 * check_vm_cpu also reads and writes its state file, so its distance from
 * this floor includes that.
 *
 * Build: cc -O2 -o check_vm_cpu_floor check_vm_cpu_floor.c \
 *            $(pkg-config --cflags --libs libvirt)
 * Usage: check_vm_cpu_floor [--uri] URI
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "libvirt_floor.h"

enum { STATE_OK = 0, STATE_CRITICAL = 2, STATE_UNKNOWN = 3 };

int main(int argc, char **argv)
{
    const char *uri = floor_uri(argc, argv);
    if (!uri)
        return STATE_UNKNOWN;

    virConnectPtr conn = floor_open(uri);
    if (!conn) {
        printf("VM_CPU CRITICAL - cannot reach libvirt at %s (%s)\n", uri, last_error());
        return STATE_CRITICAL;
    }

    const unsigned groups = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_VCPU;
    virDomainStatsRecordPtr *records = NULL;
    int n = virConnectGetAllDomainStats(conn, groups, &records,
                                        VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE |
                                            VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
    if (n < 0) {
        virErrorPtr err = virGetLastError();
        if (err && (err->code == VIR_ERR_INVALID_ARG || err->code == VIR_ERR_NO_SUPPORT))
            n = virConnectGetAllDomainStats(conn, groups, &records,
                                            VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE);
    }
    if (n < 0) {
        printf("VM_CPU UNKNOWN - reading VM statistics from %s failed (%s)\n", uri, last_error());
        virConnectClose(conn);
        return STATE_UNKNOWN;
    }

    /* Does any running VM carry the CPU counters?  If not, the driver lacks them. */
    int bulk = 0;
    for (int i = 0; i < n && !bulk; i++) {
        int state = 0;
        unsigned long long cpu = 0;
        if (virTypedParamsGetInt(records[i]->params, records[i]->nparams, "state.state", &state) == 1 &&
            state == VIR_DOMAIN_RUNNING &&
            virTypedParamsGetULLong(records[i]->params, records[i]->nparams, "cpu.time", &cpu) == 1)
            bulk = 1;
    }

    unsigned long long total = 0;
    for (int i = 0; i < n; i++) {
        unsigned long long cpu = 0;
        if (bulk) {
            if (virTypedParamsGetULLong(records[i]->params, records[i]->nparams, "cpu.time", &cpu) == 1)
                total += cpu;
            continue;
        }
        virDomainInfo info;
        if (virDomainGetInfo(records[i]->dom, &info) < 0)
            continue;
        total += info.cpuTime;
        if (info.state == VIR_DOMAIN_RUNNING && info.nrVirtCpu > 0) {
            virVcpuInfoPtr vcpus = calloc(info.nrVirtCpu, sizeof(*vcpus));
            if (vcpus)
                virDomainGetVcpus(records[i]->dom, vcpus, (int)info.nrVirtCpu, NULL, 0);
            free(vcpus);
        }
    }
    virDomainStatsRecordListFree(records);
    virConnectClose(conn);

    printf("VM_CPU OK - %d VMs running, %.1f s CPU time in total | 'vms'=%d;;;0\n", n,
           (double)total / 1e9, n);
    return STATE_OK;
}
