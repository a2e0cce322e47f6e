#include "collect/libvirt/module/networks.hpp"

#include <arpa/inet.h>
#include <libvirt/virterror.h>

#include <algorithm>
#include <array>
#include <optional>

#include "collect/libvirt/module/error_mapping.hpp"
#include "collect/libvirt/module/handles.hpp"
#include "collect/libvirt/module/xml.hpp"

namespace virtcheck::libvirt {
namespace {

using Address = std::array<unsigned char, 16>;  // IPv4 in the first 4 bytes, family apart

struct ParsedAddress {
    int family;
    Address bytes;
};

std::optional<ParsedAddress> parse_address(const std::string& text) {
    ParsedAddress address{AF_INET, {}};
    if (inet_pton(AF_INET, text.c_str(), address.bytes.data()) == 1) return address;
    address.family = AF_INET6;
    if (inet_pton(AF_INET6, text.c_str(), address.bytes.data()) == 1) return address;
    return std::nullopt;
}

// last - first + 1 as a number: the difference is taken bytewise so that IPv6 ranges stay
// exact (a double holds a whole address only to 2^53).
double addresses_between(const ParsedAddress& first, const ParsedAddress& last) {
    std::size_t length = first.family == AF_INET ? 4 : 16;
    Address difference{};
    int borrow = 0;
    for (std::size_t i = length; i-- > 0;) {
        int byte = last.bytes[i] - first.bytes[i] - borrow;
        borrow = byte < 0;
        difference[i] = static_cast<unsigned char>(byte + (borrow ? 256 : 0));
    }
    double value = 0;
    for (std::size_t i = 0; i < length; ++i) value = value * 256 + difference[i];
    return value + 1;
}

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

double range_size(const std::string& start, const std::string& end) {
    auto first = parse_address(start), last = parse_address(end);
    if (!first || !last || first->family != last->family || last->bytes < first->bytes) return 0;
    return addresses_between(*first, *last);
}

bool in_ranges(const std::string& address, const std::vector<std::pair<std::string, std::string>>& ranges) {
    auto parsed = parse_address(address);
    if (!parsed) return false;
    return std::any_of(ranges.begin(), ranges.end(), [&](const auto& range) {
        auto first = parse_address(range.first), last = parse_address(range.second);
        return first && last && first->family == parsed->family && last->family == parsed->family &&
               first->bytes <= parsed->bytes && parsed->bytes <= last->bytes;
    });
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
