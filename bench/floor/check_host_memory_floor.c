/*
 * check_host_memory_floor.c - the "floor" for the check_host_memory benchmark.
 *
 * The libvirt calls check_host_memory makes, and nothing else: a read-only
 * connection (prompts refused); the host queries (virConnectGetType,
 * GetVersion, GetLibVersion, GetHostname, virNodeGetInfo,
 * virConnectNumOfDomains); one virConnectGetAllDomainStats for the state and
 * balloon groups of the running VMs (NOWAIT, again without it when the
 * driver refuses the flag), each record's name, UUID and ID (local, no round
 * trip) and, when no running VM came back with "balloon.*" fields (drivers
 * without bulk balloon stats, such as the test driver), virDomainGetInfo and
 * virDomainMemoryStats for each VM; virNodeGetMemoryStats (count, then the
 * fields).  One line with perfdata.
 *
 * Build: cc -O2 -o check_host_memory_floor check_host_memory_floor.c \
 *            $(pkg-config --cflags --libs libvirt)
 * Usage: check_host_memory_floor [--uri] URI
 * Exit:  3 when the driver has no host memory counters (the test driver), as
 *        check_host_memory does; 0 otherwise.
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
        printf("HOST_MEMORY CRITICAL - cannot reach libvirt at %s (%s)\n", uri, last_error());
        return STATE_CRITICAL;
    }

    /* The host queries. */
    unsigned long hv_ver = 0, lib_ver = 0;
    virNodeInfo info;
    const char *type = virConnectGetType(conn);
    virConnectGetVersion(conn, &hv_ver);
    virConnectGetLibVersion(conn, &lib_ver);
    free(virConnectGetHostname(conn));
    if (!type || virNodeGetInfo(conn, &info) < 0 || virConnectNumOfDomains(conn) < 0) {
        printf("HOST_MEMORY UNKNOWN - query failed on %s (%s)\n", uri, last_error());
        virConnectClose(conn);
        return STATE_UNKNOWN;
    }

    /* Memory of the running VMs. */
    const unsigned groups = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_BALLOON;
    const unsigned active = VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE;
    virDomainStatsRecordPtr *records = NULL;
    int n = virConnectGetAllDomainStats(conn, groups, &records,
                                        active | VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
    if (n < 0) {
        virErrorPtr err = virGetLastError();
        if (err && (err->code == VIR_ERR_INVALID_ARG || err->code == VIR_ERR_NO_SUPPORT))
            n = virConnectGetAllDomainStats(conn, groups, &records, active);
    }
    if (n < 0) {
        printf("HOST_MEMORY UNKNOWN - reading VM statistics from %s failed (%s)\n", uri, last_error());
        virConnectClose(conn);
        return STATE_UNKNOWN;
    }
    int bulk = 0;
    unsigned long long assigned_kib = 0;
    for (int i = 0; i < n; i++) {
        char uuid[VIR_UUID_STRING_BUFLEN];
        virDomainGetName(records[i]->dom);
        virDomainGetUUIDString(records[i]->dom, uuid);
        virDomainGetID(records[i]->dom);
        unsigned long long current = 0;
        if (virTypedParamsGetULLong(records[i]->params, records[i]->nparams, "balloon.current", &current) == 1) {
            bulk = 1;
            assigned_kib += current;
        }
    }
    for (int i = 0; i < n && !bulk; i++) {
        virDomainInfo dinfo;
        if (virDomainGetInfo(records[i]->dom, &dinfo) < 0)
            continue;
        unsigned long long current = dinfo.memory;
        virDomainMemoryStatStruct stats[VIR_DOMAIN_MEMORY_STAT_NR];
        int m = virDomainMemoryStats(records[i]->dom, stats, VIR_DOMAIN_MEMORY_STAT_NR, 0);
        for (int j = 0; j < m; j++)
            if (stats[j].tag == VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON)
                current = stats[j].val;
        assigned_kib += current;
    }
    virDomainStatsRecordListFree(records);

    /* The host's memory counters. */
    unsigned long long total = 0, mfree = 0, buffers = 0, cached = 0;
    int nparams = 0, have = 0;
    if (virNodeGetMemoryStats(conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &nparams, 0) == 0 && nparams > 0) {
        virNodeMemoryStatsPtr params = calloc((size_t)nparams, sizeof(*params));
        if (params && virNodeGetMemoryStats(conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, params, &nparams, 0) == 0) {
            have = 1;
            for (int i = 0; i < nparams; i++) {
                if (strcmp(params[i].field, VIR_NODE_MEMORY_STATS_TOTAL) == 0) total = params[i].value;
                if (strcmp(params[i].field, VIR_NODE_MEMORY_STATS_FREE) == 0) mfree = params[i].value;
                if (strcmp(params[i].field, VIR_NODE_MEMORY_STATS_BUFFERS) == 0) buffers = params[i].value;
                if (strcmp(params[i].field, VIR_NODE_MEMORY_STATS_CACHED) == 0) cached = params[i].value;
            }
        }
        free(params);
    }
    virConnectClose(conn);

    unsigned long long host_kib = have && total ? total : info.memory;
    double overcommit = host_kib ? (double)assigned_kib / (double)host_kib * 100 : 0;
    if (!have || !total) {
        printf("HOST_MEMORY UNKNOWN - host memory use not available from this driver; %llu KiB assigned to %d"
               " running VMs | 'used_percent'=U;;;0;100 'vm_assigned'=%lluB;;;0 'overcommit'=%g%%;;;0\n",
               assigned_kib, n, assigned_kib * 1024, overcommit);
        return STATE_UNKNOWN;
    }
    unsigned long long used = total - mfree - buffers - cached;
    double percent = (double)used / (double)total * 100;
    printf("HOST_MEMORY OK - %.1f%% used; %llu KiB assigned to %d running VMs"
           " | 'used_percent'=%g%%;;;0;100 'used'=%lluB;;;0 'vm_assigned'=%lluB;;;0 'overcommit'=%g%%;;;0\n",
           percent, assigned_kib, n, percent, used * 1024, assigned_kib * 1024, overcommit);
    return STATE_OK;
}
