/*
 * check_vm_snapshot_floor.c - the "floor" for the check_vm_snapshot benchmark.
 *
 * The libvirt calls check_vm_snapshot makes, and nothing else: a read-only
 * connection (prompts refused), virConnectListAllDomains, per VM
 * virDomainGetName, GetUUIDString, GetState and virDomainListAllSnapshots,
 * per snapshot virDomainSnapshotGetXMLDesc, whose <creationTime> is found
 * with strstr() (virtcheck parses the XML with libxml2).  One line with the
 * oldest snapshot and two perfdata values per VM.
 *
 * Build: cc -O2 -o check_vm_snapshot_floor check_vm_snapshot_floor.c \
 *            $(pkg-config --cflags --libs libvirt)
 * Usage: check_vm_snapshot_floor [--uri] URI
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
        printf("VM_SNAPSHOT CRITICAL - cannot reach libvirt at %s (%s)\n", uri, last_error());
        return STATE_CRITICAL;
    }

    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, 0);
    if (n < 0) {
        printf("VM_SNAPSHOT UNKNOWN - listing VMs at %s failed (%s)\n", uri, last_error());
        virConnectClose(conn);
        return STATE_UNKNOWN;
    }

    long long now = (long long)time(NULL);
    /* Perfdata grows with the VMs: 2 values of at most ~130 bytes each. */
    size_t cap = 64 + (size_t)n * 280, len = 0;
    char *perf = malloc(cap);
    if (!perf) return STATE_UNKNOWN;
    perf[0] = '\0';
    unsigned total = 0;
    long long oldest_all = -1;
    char oldest_vm[256] = "";
    for (int i = 0; i < n; i++) {
        const char *name = virDomainGetName(doms[i]);
        char uuid[VIR_UUID_STRING_BUFLEN];
        virDomainGetUUIDString(doms[i], uuid);
        int state = 0, reason = 0;
        virDomainGetState(doms[i], &state, &reason, 0);
        virDomainSnapshotPtr *snaps = NULL;
        int ns = virDomainListAllSnapshots(doms[i], &snaps, 0);
        long long oldest = -1;
        for (int j = 0; j < ns; j++) {
            char *xml = virDomainSnapshotGetXMLDesc(snaps[j], 0);
            const char *created = xml ? strstr(xml, "<creationTime>") : NULL;
            if (created) {
                long long t = strtoll(created + strlen("<creationTime>"), NULL, 10);
                if (oldest < 0 || t < oldest) oldest = t;
            }
            free(xml);
            virDomainSnapshotFree(snaps[j]);
        }
        free(snaps);
        if (ns > 0) total += (unsigned)ns;
        char age[32] = "U";
        if (oldest >= 0) {
            snprintf(age, sizeof age, "%llds", now - oldest);
            if (oldest_all < 0 || oldest < oldest_all) {
                oldest_all = oldest;
                snprintf(oldest_vm, sizeof oldest_vm, "%s", name ? name : "?");
            }
        }
        int w = snprintf(perf + len, cap - len, " '%.100s_oldest'=%s;;;0 '%.100s_snapshots'=%d;;;0",
                         name ? name : "?", age, name ? name : "?", ns < 0 ? 0 : ns);
        if (w > 0 && (size_t)w < cap - len) len += (size_t)w;
        virDomainFree(doms[i]);
    }
    free(doms);
    virConnectClose(conn);

    if (oldest_all >= 0)
        printf("VM_SNAPSHOT OK - %d VMs, %u snapshots; oldest: %s %lld s |%s\n", n, total, oldest_vm,
               now - oldest_all, perf);
    else
        printf("VM_SNAPSHOT OK - %d VMs, %u snapshots |%s\n", n, total, perf);
    free(perf);
    return STATE_OK;
}
