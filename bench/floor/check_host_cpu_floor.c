/*
 * check_host_cpu_floor.c - the "floor" for the check_host_cpu benchmark.
 *
 * The libvirt calls check_host_cpu makes, and little else: a read-only
 * connection (prompts refused); the host queries (virConnectGetType,
 * GetVersion, GetLibVersion, GetHostname, virNodeGetInfo,
 * virConnectNumOfDomains); one virConnectGetAllDomainStats for the state and
 * vCPU groups of the running VMs (NOWAIT, again without it when the driver
 * refuses the flag), each record's name, UUID and ID (local, no round trip)
 * and, when no running VM came back with "vcpu.*" fields (drivers without
 * bulk vCPU stats, such as the test driver), virDomainGetInfo for each VM
 * plus virDomainGetVcpus for each running one; virNodeGetCPUStats (count,
 * then the fields).  Rates need the previous run's counters, so it reads a
 * small state file ($TMPDIR/check_host_cpu_floor-HASH.state, HASH from the
 * URI) and replaces it through a temporary file and rename(), as most
 * plugins do: no lock and no fsync, which virtcheck's state file has.
 *
 * Build: cc -O2 -o check_host_cpu_floor check_host_cpu_floor.c \
 *            $(pkg-config --cflags --libs libvirt)
 * Usage: check_host_cpu_floor [--uri] URI
 * Exit:  3 when CPU use cannot be computed although a previous sample
 *        exists (counters missing or not advancing, as with the test
 *        driver), as check_host_cpu does; 0 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "libvirt_floor.h"

enum { STATE_OK = 0, STATE_CRITICAL = 2, STATE_UNKNOWN = 3 };

/* One sample: wall-clock time and the four host counters, in ns. */
struct sample {
    double time;
    unsigned long long user, kernel, idle, iowait;
};

int main(int argc, char **argv)
{
    const char *uri = floor_uri(argc, argv);
    if (!uri)
        return STATE_UNKNOWN;

    virConnectPtr conn = floor_open(uri);
    if (!conn) {
        printf("HOST_CPU CRITICAL - cannot reach libvirt at %s (%s)\n", uri, last_error());
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
        printf("HOST_CPU UNKNOWN - query failed on %s (%s)\n", uri, last_error());
        virConnectClose(conn);
        return STATE_UNKNOWN;
    }

    /* vCPUs of the running VMs. */
    const unsigned groups = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_VCPU;
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
        printf("HOST_CPU UNKNOWN - reading VM statistics from %s failed (%s)\n", uri, last_error());
        virConnectClose(conn);
        return STATE_UNKNOWN;
    }
    int bulk = 0;
    unsigned long long vcpus = 0;
    for (int i = 0; i < n; i++) {
        char uuid[VIR_UUID_STRING_BUFLEN];
        virDomainGetName(records[i]->dom);
        virDomainGetUUIDString(records[i]->dom, uuid);
        virDomainGetID(records[i]->dom);
        unsigned current = 0;
        if (virTypedParamsGetUInt(records[i]->params, records[i]->nparams, "vcpu.current", &current) == 1) {
            bulk = 1;
            vcpus += current;
        }
    }
    for (int i = 0; i < n && !bulk; i++) {
        virDomainInfo dinfo;
        if (virDomainGetInfo(records[i]->dom, &dinfo) < 0)
            continue;
        vcpus += dinfo.nrVirtCpu;
        if (dinfo.state == VIR_DOMAIN_RUNNING && dinfo.nrVirtCpu > 0) {
            virVcpuInfoPtr vcpu = calloc(dinfo.nrVirtCpu, sizeof(*vcpu));
            if (vcpu)
                virDomainGetVcpus(records[i]->dom, vcpu, (int)dinfo.nrVirtCpu, NULL, 0);
            free(vcpu);
        }
    }
    virDomainStatsRecordListFree(records);

    /* The previous run's counters (FNV-1a of the URI tells targets apart). */
    unsigned long long hash = 1469598103934665603ULL;
    for (const char *c = uri; *c; c++)
        hash = (hash ^ (unsigned char)*c) * 1099511628211ULL;
    const char *tmp = getenv("TMPDIR");
    char path[4096], temporary[4200];
    snprintf(path, sizeof path, "%s/check_host_cpu_floor-%016llx.state", tmp && *tmp ? tmp : "/tmp", hash);
    snprintf(temporary, sizeof temporary, "%s.tmp%ld", path, (long)getpid());
    struct sample before = {0}, now = {0};
    int have_before = 0;
    FILE *f = fopen(path, "r");
    if (f) {
        have_before = fscanf(f, "%lf %llu %llu %llu %llu", &before.time, &before.user, &before.kernel,
                             &before.idle, &before.iowait) == 5;
        fclose(f);
    }

    /* This moment's counters. */
    struct timeval tv;
    gettimeofday(&tv, NULL);
    now.time = (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
    int nparams = 0;
    if (virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &nparams, 0) == 0 && nparams > 0) {
        virNodeCPUStatsPtr params = calloc((size_t)nparams, sizeof(*params));
        if (params && virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, params, &nparams, 0) == 0) {
            for (int i = 0; i < nparams; i++) {
                if (strcmp(params[i].field, VIR_NODE_CPU_STATS_USER) == 0) now.user = params[i].value;
                if (strcmp(params[i].field, VIR_NODE_CPU_STATS_KERNEL) == 0) now.kernel = params[i].value;
                if (strcmp(params[i].field, VIR_NODE_CPU_STATS_IDLE) == 0) now.idle = params[i].value;
                if (strcmp(params[i].field, VIR_NODE_CPU_STATS_IOWAIT) == 0) now.iowait = params[i].value;
            }
        }
        free(params);
    }
    virConnectClose(conn);

    f = fopen(temporary, "w");
    if (!f || fprintf(f, "%.6f %llu %llu %llu %llu\n", now.time, now.user, now.kernel, now.idle, now.iowait) < 0 ||
        fclose(f) != 0 || rename(temporary, path) != 0) {
        printf("HOST_CPU UNKNOWN - cannot write %s\n", path);
        unlink(temporary);
        return STATE_UNKNOWN;
    }

    double overcommit = info.cpus ? (double)vcpus / info.cpus : 0;
    double total = (double)(now.user - before.user) + (double)(now.kernel - before.kernel) +
                   (double)(now.idle - before.idle) + (double)(now.iowait - before.iowait);
    if (!have_before) {
        printf("HOST_CPU OK - CPU use from the next run; %llu vCPUs of running VMs on %u CPU threads"
               " | 'used'=U;;;0;100 'vcpus'=%llu;;;0 'overcommit'=%g;;;0\n",
               vcpus, info.cpus, vcpus, overcommit);
        return STATE_OK;
    }
    if (now.time <= before.time || total <= 0 || now.user < before.user || now.kernel < before.kernel) {
        printf("HOST_CPU UNKNOWN - CPU use unknown: counters missing or not advancing; %llu vCPUs of running VMs"
               " on %u CPU threads | 'used'=U;;;0;100 'vcpus'=%llu;;;0 'overcommit'=%g;;;0\n",
               vcpus, info.cpus, vcpus, overcommit);
        return STATE_UNKNOWN;
    }
    double used = ((double)(now.user - before.user) + (double)(now.kernel - before.kernel)) / total * 100;
    printf("HOST_CPU OK - %.1f%% CPU used; %llu vCPUs of running VMs on %u CPU threads"
           " | 'used'=%g%%;;;0;100 'vcpus'=%llu;;;0 'overcommit'=%g;;;0\n",
           used, vcpus, info.cpus, used, vcpus, overcommit);
    return STATE_OK;
}
