/*
 * check_hypervisor_floor.c - the "floor" for the check_hypervisor benchmark.
 *
 * The least a program can do to produce check_hypervisor's result: a
 * read-only libvirt connection (prompts refused), the six queries, one
 * output line.  No option parsing beyond "--uri URI", no thresholds, no
 * timeout handling.  Anything virtcheck spends above this is overhead.
 *
 * Build: cc -O2 -o check_hypervisor_floor check_hypervisor_floor.c \
 *            $(pkg-config --cflags --libs libvirt)
 * Usage: check_hypervisor_floor [--uri] URI
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "libvirt_floor.h"

enum { STATE_OK = 0, STATE_CRITICAL = 2, STATE_UNKNOWN = 3 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *uri = floor_uri(argc, argv);
    if (!uri)
        return STATE_UNKNOWN;

    double t0 = now();
    virConnectPtr conn = floor_open(uri);
    if (!conn) {
        printf("HYPERVISOR CRITICAL - hypervisor not running: cannot reach libvirt at %s (%s)\n",
               uri, last_error());
        return STATE_CRITICAL;
    }

    unsigned long hv_ver = 0, lib_ver = 0;
    virNodeInfo info;
    const char *type = virConnectGetType(conn); /* static string, not freed */
    char *host = NULL;
    int ndom = -1;
    if (!type || virConnectGetVersion(conn, &hv_ver) < 0 ||
        virConnectGetLibVersion(conn, &lib_ver) < 0 ||
        !(host = virConnectGetHostname(conn)) || virNodeGetInfo(conn, &info) < 0 ||
        (ndom = virConnectNumOfDomains(conn)) < 0) {
        printf("HYPERVISOR UNKNOWN - query failed on %s (%s)\n", uri, last_error());
        free(host);
        virConnectClose(conn);
        return STATE_UNKNOWN;
    }
    double elapsed = now() - t0;

    unsigned long long mem = (unsigned long long)info.memory * 1024ULL; /* KiB -> B */
    printf("HYPERVISOR OK - %s %lu.%lu.%lu via libvirt %lu.%lu.%lu on %s: "
           "%u CPUs, %.1f GiB memory, %d VM%s running"
           " | 'time'=%.4fs;;;0 'vms_running'=%d;;;0 'cpus'=%u;;;0 'memory'=%lluB;;;0\n",
           type, hv_ver / 1000000, hv_ver / 1000 % 1000, hv_ver % 1000,
           lib_ver / 1000000, lib_ver / 1000 % 1000, lib_ver % 1000, host,
           info.cpus, (double)mem / (1024.0 * 1024.0 * 1024.0), ndom, ndom == 1 ? "" : "s",
           elapsed, ndom, info.cpus, mem);
    free(host);
    virConnectClose(conn);
    return STATE_OK;
}
