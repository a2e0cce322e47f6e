#include "collect/libvirt/module/networks.hpp"

#include <libvirt/virterror.h>

#include <optional>

#include "collect/libvirt/module/error_mapping.hpp"
#include "collect/libvirt/module/handles.hpp"
#include "collect/libvirt/module/xml.hpp"

namespace virtcheck::libvirt {
namespace {

// Whether the host has the bridge, asked through libvirt's interface driver so that it
// works for remote hosts too. Nothing when that driver is missing or cannot say.
std::optional<bool> bridge_exists(virConnectPtr connection, const std::string& bridge) {
    virInterfacePtr found = virInterfaceLookupByName(connection, bridge.c_str());
    if (found) {
        virInterfaceFree(found);
        return true;
    }
    const virError* error = virGetLastError();
    if (error && error->code == VIR_ERR_NO_INTERFACE) return false;
    return std::nullopt;
}

int free_lease(virNetworkDHCPLeasePtr lease) {
    virNetworkDHCPLeaseFree(lease);
    return 0;
}

std::optional<unsigned> count_leases(virNetworkPtr network, const NetworkDefinition& definition) {
    virNetworkDHCPLeasePtr* list = nullptr;
    int count = virNetworkGetDHCPLeases(network, nullptr, &list, 0);
    if (count < 0) return std::nullopt;
    HandleList<virNetworkDHCPLeasePtr, free_lease> leases(list, count);
    unsigned inside = 0;
    // Static <host> entries may lie outside the ranges; they do not use the pool.
    for (virNetworkDHCPLeasePtr lease : leases)
        if (lease->ipaddr && in_ranges(lease->ipaddr, definition.dhcp_ranges)) ++inside;
    return inside;
}

}  // namespace

NetworkDefinition parse_network_definition(std::string_view text) {
    using namespace xml;
    NetworkDefinition definition;
    auto doc = parse(text, "network.xml");
    xmlNode* network = root(doc);
    definition.bridge = attribute(child(network, "bridge"), "name");
    for (xmlNode* ip = network ? network->children : nullptr; ip; ip = ip->next) {
        if (!named(ip, "ip")) continue;
        xmlNode* dhcp = child(ip, "dhcp");
        for (xmlNode* range = dhcp ? dhcp->children : nullptr; range; range = range->next)
            if (named(range, "range")) definition.dhcp_ranges.emplace_back(attribute(range, "start"), attribute(range, "end"));
    }
    return definition;
}

std::vector<model::Network> collect_networks(virConnectPtr connection, const std::string& uri, Progress& progress) {
    progress.stage("listing virtual networks at " + uri);
    virNetworkPtr* list = nullptr;
    int count = virConnectListAllNetworks(connection, &list, 0);
    if (count < 0) throw last_error(uri, "listing virtual networks");
    HandleList<virNetworkPtr, virNetworkFree> networks(list, count);

    std::vector<model::Network> result;
    for (virNetworkPtr network : networks) {
        model::Network info;
        if (const char* name = virNetworkGetName(network)) info.name = name;
        char uuid[VIR_UUID_STRING_BUFLEN] = {};
        if (virNetworkGetUUIDString(network, uuid) == 0) info.uuid = uuid;
        progress.stage("reading virtual network " + info.name + " at " + uri);
        int active = virNetworkIsActive(network);
        if (active < 0) {
            const virError* error = virGetLastError();
            if (error && error->code == VIR_ERR_NO_NETWORK) continue;  // undefined since the listing
            throw last_error(uri, "reading virtual network " + info.name);
        }
        info.active = active == 1;
        info.persistent = virNetworkIsPersistent(network) != 0;
        if (int autostart = 0; virNetworkGetAutostart(network, &autostart) == 0) info.autostart = autostart != 0;
        LibvirtString xml{virNetworkGetXMLDesc(network, 0)};
        if (!xml) throw last_error(uri, "reading the definition of virtual network " + info.name);
        NetworkDefinition definition = parse_network_definition(xml.get());
        info.bridge = definition.bridge;
        for (const auto& [start, end] : definition.dhcp_ranges) info.dhcp_addresses += range_size(start, end);
        if (info.active && !info.bridge.empty()) info.bridge_present = bridge_exists(connection, info.bridge);
        if (info.active && info.dhcp_addresses > 0) info.leases = count_leases(network, definition);
        result.push_back(std::move(info));
    }
    return result;
}

}  // namespace virtcheck::libvirt
