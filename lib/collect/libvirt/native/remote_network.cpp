// Virtual network procedures and the host interface lookup.
#include "collect/libvirt/native/protocol.hpp"
#include "collect/libvirt/native/remote_calls.hpp"
#include "collect/libvirt/native/remote_codec.hpp"

namespace virtcheck::libvirt::native {
namespace {

Bytes network_arguments(const RemoteNetwork& network) {
    return encode([&](XdrWriter& out) { write_network(out, network); });
}

std::int32_t read_int_reply(const Bytes& payload) {
    return decode(payload, [](XdrReader& in) { return in.i32(); });
}

// iface, expirytime, type, mac, iaid, ipaddr, prefix, hostname, clientid
constexpr std::size_t lease_wire_min = 4 + 8 + 4 + 4 + 4 + 4 + 4 + 4 + 4;

DhcpLease read_lease(XdrReader& in) {
    DhcpLease lease;
    lease.interface = in.string(string_max);
    lease.expiry_time = in.i64();
    lease.type = in.i32();
    lease.mac = in.optional_string(string_max);
    lease.iaid = in.optional_string(string_max);
    lease.address = in.string(string_max);
    lease.prefix = in.u32();
    lease.hostname = in.optional_string(string_max);
    lease.client_id = in.optional_string(string_max);
    return lease;
}

}  // namespace

std::vector<RemoteNetwork> RemoteCalls::connect_list_all_networks(unsigned flags) {
    Bytes reply = client_.call(Procedure::ConnectListAllNetworks, encode([&](XdrWriter& out) {
                                   out.i32(1);  // need_results
                                   out.u32(flags);
                               }));
    return decode(reply, [](XdrReader& in) {
        std::uint32_t count = in.count(network_list_max, network_wire_min);
        std::vector<RemoteNetwork> networks;
        networks.reserve(count);
        for (std::uint32_t i = 0; i < count; ++i) networks.push_back(read_network(in));
        in.u32();  // ret
        return networks;
    });
}

std::int32_t RemoteCalls::network_is_active(const RemoteNetwork& network) {
    return read_int_reply(client_.call(Procedure::NetworkIsActive, network_arguments(network)));
}

std::int32_t RemoteCalls::network_is_persistent(const RemoteNetwork& network) {
    return read_int_reply(client_.call(Procedure::NetworkIsPersistent, network_arguments(network)));
}

bool RemoteCalls::network_get_autostart(const RemoteNetwork& network) {
    return read_int_reply(client_.call(Procedure::NetworkGetAutostart, network_arguments(network))) != 0;
}

std::string RemoteCalls::network_get_xml_desc(const RemoteNetwork& network, unsigned flags) {
    Bytes reply = client_.call(Procedure::NetworkGetXmlDesc, encode([&](XdrWriter& out) {
                                   write_network(out, network);
                                   out.u32(flags);
                               }));
    return decode(reply, [](XdrReader& in) { return in.string(string_max); });
}

std::vector<DhcpLease> RemoteCalls::network_get_dhcp_leases(const RemoteNetwork& network,
                                                            const std::optional<std::string>& mac, unsigned flags) {
    Bytes reply = client_.call(Procedure::NetworkGetDhcpLeases, encode([&](XdrWriter& out) {
                                   write_network(out, network);
                                   out.optional_string(mac);
                                   out.i32(1);  // need_results
                                   out.u32(flags);
                               }));
    return decode(reply, [](XdrReader& in) {
        std::uint32_t count = in.count(dhcp_leases_max, lease_wire_min);
        std::vector<DhcpLease> leases;
        leases.reserve(count);
        for (std::uint32_t i = 0; i < count; ++i) leases.push_back(read_lease(in));
        in.u32();  // ret
        return leases;
    });
}

void RemoteCalls::interface_lookup_by_name(const std::string& name) {
    Bytes reply =
        client_.call(Procedure::InterfaceLookupByName, encode([&](XdrWriter& out) { out.string(name); }));
    decode(reply, [](XdrReader& in) {
        in.string(string_max);  // name
        in.string(string_max);  // mac
        return 0;
    });
}

}  // namespace virtcheck::libvirt::native
