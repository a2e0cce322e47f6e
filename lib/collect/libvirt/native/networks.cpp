// Virtual networks, their bridges and DHCP use, call for call as module/networks.cpp.
#include <libvirt/virterror.h>

#include "collect/libvirt/common/network_ranges.hpp"
#include "collect/libvirt/native/collectors.hpp"
#include "collect/libvirt/native/descriptions.hpp"

namespace virtcheck::libvirt::native {
namespace {

// Whether the host has the bridge, asked through libvirt's interface driver so that it
// works for remote hosts too. Nothing when that driver is missing or cannot say.
std::optional<bool> bridge_exists(Session& session, const std::string& bridge) {
    try {
        session.remote.interface_lookup_by_name(bridge);
        return true;
    } catch (const LibvirtError& e) {
        if (e.code == VIR_ERR_NO_INTERFACE) return false;
        return std::nullopt;
    }
}

std::optional<unsigned> count_leases(Session& session, const RemoteNetwork& network, const NetworkDefinition& definition) {
    std::vector<DhcpLease> leases;
    try {
        leases = session.remote.network_get_dhcp_leases(network, std::nullopt, 0);
    } catch (const LibvirtError&) {
        return std::nullopt;
    }
    unsigned inside = 0;
    // Static <host> entries may lie outside the ranges; they do not use the pool.
    for (const auto& lease : leases)
        if (in_ranges(lease.address, definition.dhcp_ranges)) ++inside;
    return inside;
}

}  // namespace

std::vector<model::Network> collect_networks(Session& session) {
    session.progress.stage("listing virtual networks at " + session.uri);
    std::vector<RemoteNetwork> networks;
    try {
        networks = session.remote.connect_list_all_networks(0);
    } catch (const LibvirtError& e) {
        throw session.failure(e, "listing virtual networks");
    }

    std::vector<model::Network> result;
    for (const auto& network : networks) {
        model::Network info;
        info.name = network.name;
        info.uuid = format_uuid(network.uuid);
        session.progress.stage("reading virtual network " + info.name + " at " + session.uri);
        std::int32_t active = 0;
        try {
            active = session.remote.network_is_active(network);
        } catch (const LibvirtError& e) {
            if (e.code == VIR_ERR_NO_NETWORK) continue;  // undefined since the listing
            throw session.failure(e, "reading virtual network " + info.name);
        }
        info.active = active == 1;
        try {
            info.persistent = session.remote.network_is_persistent(network) != 0;
        } catch (const LibvirtError&) {
            info.persistent = true;  // virNetworkIsPersistent's -1 is not 0 either
        }
        try {
            info.autostart = session.remote.network_get_autostart(network);
        } catch (const LibvirtError&) {
        }
        std::string xml;
        try {
            xml = session.remote.network_get_xml_desc(network, 0);
        } catch (const LibvirtError& e) {
            throw session.failure(e, "reading the definition of virtual network " + info.name);
        }
        NetworkDefinition definition = read_network_definition(xml);
        info.bridge = definition.bridge;
        for (const auto& [start, end] : definition.dhcp_ranges) info.dhcp_addresses += range_size(start, end);
        if (info.active && !info.bridge.empty()) info.bridge_present = bridge_exists(session, info.bridge);
        if (info.active && info.dhcp_addresses > 0) info.leases = count_leases(session, network, definition);
        result.push_back(std::move(info));
    }
    return result;
}

}  // namespace virtcheck::libvirt::native
