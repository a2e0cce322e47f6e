/*
 * check_vnet_floor.c - the "floor" for the check_vnet benchmark.
 *
 * The libvirt calls check_vnet makes, and nothing else: a read-only
 * connection (prompts refused), virConnectListAllNetworks, per network
 * virNetworkGetName, GetUUIDString, IsActive, IsPersistent, GetAutostart and
 * GetXMLDesc; for each active one virInterfaceLookupByName(bridge) (does the
 * host have the bridge?) and, when it has DHCP ranges, virNetworkGetDHCPLeases.
 * The bridge name and the DHCP ranges come out of the XML with strstr(),
 * trusting libvirt's own formatting (single quotes, IPv4 only): virtcheck
 * parses it with libxml2.  One line with two perfdata values per network.
 *
 * Build: cc -O2 -o check_vnet_floor check_vnet_floor.c \
 *            $(pkg-config --cflags --libs libvirt)
 * Usage: check_vnet_floor [--uri] URI
 * Exit:  2 if an active network's bridge is missing on the host, 0
 *        otherwise, 3 on a failed query.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "libvirt_floor.h"

enum { STATE_OK = 0, STATE_CRITICAL = 2, STATE_UNKNOWN = 3 };

/* The value of the attribute that starts right after `key` (e.g. "name='"), up to the quote. */
static int attribute(const char *from, const char *key, char *out, size_t size)
{
    const char *start = from ? strstr(from, key) : NULL;
    if (!start)
        return 0;
    start += strlen(key);
    const char *end = strchr(start, '\'');
    if (!end || (size_t)(end - start) >= size)
        return 0;
    memcpy(out, start, (size_t)(end - start));
    out[end - start] = '\0';
    return 1;
}

static unsigned long ipv4(const char *text)
{
    struct in_addr a;
    return inet_pton(AF_INET, text, &a) == 1 ? ntohl(a.s_addr) : 0;
}

int main(int argc, char **argv)
{
    const char *uri = floor_uri(argc, argv);
    if (!uri)
        return STATE_UNKNOWN;

    virConnectPtr conn = floor_open(uri);
    if (!conn) {
        printf("VNET CRITICAL - cannot reach libvirt at %s (%s)\n", uri, last_error());
        return STATE_CRITICAL;
    }

    virNetworkPtr *nets = NULL;
    int n = virConnectListAllNetworks(conn, &nets, 0);
    if (n < 0) {
        printf("VNET UNKNOWN - listing virtual networks at %s failed (%s)\n", uri, last_error());
        virConnectClose(conn);
        return STATE_UNKNOWN;
    }

    /* Perfdata grows with the networks: 2 values of at most ~130 bytes each. */
    size_t cap = 64 + (size_t)n * 280, len = 0;
    char *perf = malloc(cap);
    if (!perf) return STATE_UNKNOWN;
    perf[0] = '\0';
    unsigned active_count = 0, missing = 0;
    for (int i = 0; i < n; i++) {
        const char *name = virNetworkGetName(nets[i]);
        char uuid[VIR_UUID_STRING_BUFLEN];
        virNetworkGetUUIDString(nets[i], uuid);
        int active = virNetworkIsActive(nets[i]);
        virNetworkIsPersistent(nets[i]);
        int autostart = 0;
        virNetworkGetAutostart(nets[i], &autostart);
        char *xml = virNetworkGetXMLDesc(nets[i], 0);
        if (active < 0 || !xml) {
            free(xml);
            virNetworkFree(nets[i]);
            continue;
        }
        char bridge[64] = "", start[64], end[64];
        attribute(strstr(xml, "<bridge "), "name='", bridge, sizeof bridge);
        unsigned long addresses = 0;
        for (const char *r = strstr(xml, "<range "); r; r = strstr(r + 1, "<range "))
            if (attribute(r, "start='", start, sizeof start) && attribute(r, "end='", end, sizeof end) &&
                ipv4(end) >= ipv4(start))
                addresses += ipv4(end) - ipv4(start) + 1;
        free(xml);

        int leases = -1;
        if (active == 1) {
            active_count++;
            if (bridge[0]) {
                virInterfacePtr iface = virInterfaceLookupByName(conn, bridge);
                if (iface)
                    virInterfaceFree(iface);
                else if (virGetLastErrorCode() == VIR_ERR_NO_INTERFACE)
                    missing++;
            }
            if (addresses > 0) {
                virNetworkDHCPLeasePtr *list = NULL;
                leases = virNetworkGetDHCPLeases(nets[i], NULL, &list, 0);
                for (int j = 0; j < leases; j++)
                    virNetworkDHCPLeaseFree(list[j]);
                free(list);
            }
        }
        char used[32] = "U", count[32] = "U"; /* U: unknown (no leases from this driver) */
        if (leases >= 0) {
            snprintf(used, sizeof used, "%g%%", addresses ? 100.0 * leases / addresses : 0.0);
            snprintf(count, sizeof count, "%d", leases);
        }
        int w = snprintf(perf + len, cap - len, " '%.100s_dhcp_used'=%s;;;0;100 '%.100s_leases'=%s;;;0;%lu",
                         name ? name : "?", used, name ? name : "?", count, addresses);
        if (w > 0 && (size_t)w < cap - len) len += (size_t)w;
        virNetworkFree(nets[i]);
    }
    free(nets);
    virConnectClose(conn);

    int rc = missing ? STATE_CRITICAL : STATE_OK;
    printf("VNET %s - %d networks, %u active, %u bridges missing |%s\n", rc ? "CRITICAL" : "OK", n, active_count,
           missing, perf);
    free(perf);
    return rc;
}
