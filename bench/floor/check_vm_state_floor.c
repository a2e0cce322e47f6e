/*
 * check_vm_state_floor.c - the "floor" for the check_vm_state benchmark.
 *
 * The libvirt calls check_vm_state makes, and nothing else: a read-only
 * connection (prompts refused), one virConnectGetAllDomainStats for the
 * state group of all VMs (NOWAIT, again without it when the driver refuses
 * the flag), virDomainGetAutostart for each shut-off VM, one count line.
 * No option parsing beyond "--uri URI", no rules, no per-VM output, no
 * timeout handling.  Anything virtcheck spends above this is overhead.
 *
 * Build: cc -O2 -o check_vm_state_floor check_vm_state_floor.c \
 *            $(pkg-config --cflags --libs libvirt)
 * Usage: check_vm_state_floor [--uri] URI
 * Exit:  2 if a VM crashed, 1 if one is paused or shut off but set to
 *        autostart, 0 otherwise, 3 on a failed query.
 */
#include <stdio.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "libvirt_floor.h"

enum { STATE_OK = 0, STATE_WARNING = 1, STATE_CRITICAL = 2, STATE_UNKNOWN = 3 };

int main(int argc, char **argv)
{
    const char *uri = floor_uri(argc, argv);
    if (!uri)
        return STATE_UNKNOWN;

    virConnectPtr conn = floor_open(uri);
    if (!conn) {
        printf("VM_STATE CRITICAL - cannot reach libvirt at %s (%s)\n", uri, last_error());
        return STATE_CRITICAL;
    }

    virDomainStatsRecordPtr *records = NULL;
    int n = virConnectGetAllDomainStats(conn, VIR_DOMAIN_STATS_STATE, &records,
                                        VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
    if (n < 0) {
        virErrorPtr err = virGetLastError();
        if (err && (err->code == VIR_ERR_INVALID_ARG || err->code == VIR_ERR_NO_SUPPORT))
            n = virConnectGetAllDomainStats(conn, VIR_DOMAIN_STATS_STATE, &records, 0);
    }
    if (n < 0) {
        printf("VM_STATE UNKNOWN - reading VM statistics from %s failed (%s)\n", uri, last_error());
        virConnectClose(conn);
        return STATE_UNKNOWN;
    }

    unsigned counts[VIR_DOMAIN_PMSUSPENDED + 1] = {0};
    unsigned autostart_off = 0;
    for (int i = 0; i < n; i++) {
        int state = 0;
        if (virTypedParamsGetInt(records[i]->params, records[i]->nparams, "state.state", &state) != 1 ||
            state < 0 || state > VIR_DOMAIN_PMSUSPENDED)
            state = VIR_DOMAIN_NOSTATE;
        counts[state]++;
        int autostart = 0;
        if (state == VIR_DOMAIN_SHUTOFF && virDomainGetAutostart(records[i]->dom, &autostart) == 0 &&
            autostart)
            autostart_off++;
    }
    virDomainStatsRecordListFree(records);
    virConnectClose(conn);

    int rc = counts[VIR_DOMAIN_CRASHED] ? STATE_CRITICAL
             : counts[VIR_DOMAIN_PAUSED] || autostart_off ? STATE_WARNING
                                                          : STATE_OK;
    static const char *const names[] = {"OK", "WARNING", "CRITICAL"};
    printf("VM_STATE %s - %d VMs: %u running, %u paused, %u shutoff (%u set to autostart), %u crashed"
           " | 'running'=%u;;;0 'paused'=%u;;;0 'shutoff'=%u;;;0 'crashed'=%u;;;0 'vms'=%d;;;0\n",
           names[rc], n, counts[VIR_DOMAIN_RUNNING], counts[VIR_DOMAIN_PAUSED],
           counts[VIR_DOMAIN_SHUTOFF], autostart_off, counts[VIR_DOMAIN_CRASHED],
           counts[VIR_DOMAIN_RUNNING], counts[VIR_DOMAIN_PAUSED], counts[VIR_DOMAIN_SHUTOFF],
           counts[VIR_DOMAIN_CRASHED], n);
    return rc;
}
