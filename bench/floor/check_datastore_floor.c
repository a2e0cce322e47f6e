/*
 * check_datastore_floor.c - the "floor" for the check_datastore benchmark.
 *
 * The libvirt calls check_datastore makes (without --refresh), and nothing
 * else: a read-only connection (prompts refused), virConnectListAllStoragePools,
 * per pool virStoragePoolGetName, GetUUIDString, GetAutostart and GetInfo,
 * and for each running (or degraded) pool virStoragePoolListAllVolumes plus
 * virStorageVolGetInfo per volume (their capacity sum gives the
 * over-provisioning).  One line with the fullest pool and two perfdata
 * values per pool.  No selection, no thresholds, no per-pool text.
 *
 * Build: cc -O2 -o check_datastore_floor check_datastore_floor.c \
 *            $(pkg-config --cflags --libs libvirt)
 * Usage: check_datastore_floor [--uri] URI
 * Exit:  2 if a pool is not running, 0 otherwise, 3 on a failed query.
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
        printf("DATASTORE CRITICAL - cannot reach libvirt at %s (%s)\n", uri, last_error());
        return STATE_CRITICAL;
    }

    virStoragePoolPtr *pools = NULL;
    int n = virConnectListAllStoragePools(conn, &pools, 0);
    if (n < 0) {
        printf("DATASTORE UNKNOWN - listing storage pools at %s failed (%s)\n", uri, last_error());
        virConnectClose(conn);
        return STATE_UNKNOWN;
    }

    /* Perfdata grows with the pools: 2 values of at most ~150 bytes each. */
    size_t cap = 64 + (size_t)n * 320, len = 0;
    char *perf = malloc(cap);
    if (!perf) return STATE_UNKNOWN;
    perf[0] = '\0';
    unsigned volumes = 0, not_running = 0;
    unsigned long long provisioned = 0; /* capacity of all volumes, all pools */
    double fullest = -1;
    const char *fullest_name = "";
    char fullest_buf[256] = "";
    for (int i = 0; i < n; i++) {
        const char *name = virStoragePoolGetName(pools[i]);
        char uuid[VIR_UUID_STRING_BUFLEN];
        virStoragePoolGetUUIDString(pools[i], uuid);
        int autostart = 0;
        virStoragePoolGetAutostart(pools[i], &autostart);
        virStoragePoolInfo info;
        if (virStoragePoolGetInfo(pools[i], &info) < 0)
            continue;
        if (info.state == VIR_STORAGE_POOL_RUNNING || info.state == VIR_STORAGE_POOL_DEGRADED) {
            virStorageVolPtr *vols = NULL;
            int nv = virStoragePoolListAllVolumes(pools[i], &vols, 0);
            for (int j = 0; j < nv; j++) {
                virStorageVolInfo vinfo;
                if (virStorageVolGetInfo(vols[j], &vinfo) == 0)
                    provisioned += vinfo.capacity;
                virStorageVolFree(vols[j]);
            }
            free(vols);
            if (nv > 0) volumes += (unsigned)nv;
        } else {
            not_running++;
        }
        double used = info.capacity ? (double)info.allocation / (double)info.capacity * 100 : 0;
        if (used > fullest) {
            fullest = used;
            snprintf(fullest_buf, sizeof fullest_buf, "%s", name ? name : "?");
            fullest_name = fullest_buf;
        }
        int w = snprintf(perf + len, cap - len, " '%.100s_used_percent'=%g%%;;;0;100 '%.100s_free'=%lluB;;;0;%llu",
                         name ? name : "?", used, name ? name : "?", info.available, info.capacity);
        if (w > 0 && (size_t)w < cap - len) len += (size_t)w;
        virStoragePoolFree(pools[i]);
    }
    free(pools);
    virConnectClose(conn);

    int rc = not_running ? STATE_CRITICAL : STATE_OK;
    printf("DATASTORE %s - %d pools (%u not running), %u volumes of %llu bytes; fullest: %s %.1f%% |%s\n",
           rc ? "CRITICAL" : "OK", n, not_running, volumes, provisioned, fullest_name, fullest < 0 ? 0 : fullest,
           perf);
    free(perf);
    return rc;
}
