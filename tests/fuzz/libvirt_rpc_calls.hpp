#pragma once
// The calls the libvirt RPC fuzz target can make with the bytes of a would-be daemon: one
// remote procedure (serial 0), a whole collector of the native connection, or the XML
// readers. Shared by the target and by the program that seeds its corpus.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "collect/libvirt/native/connection.hpp"
#include "collect/libvirt/native/descriptions.hpp"
#include "collect/libvirt/native/remote_calls.hpp"
#include "collect/libvirt/native/xml_reader.hpp"

namespace virtcheck::libvirt::native::fuzz {

struct QuietProgress final : Progress {
    void stage(std::string_view) override {}
};

struct Call {
    std::int32_t procedure;  // the procedure whose replies seed it; 0: a whole collector
    std::function<void(RemoteCalls&)> run;
};

inline const RemoteDomain domain{"vm", {}, 1};
inline const RemotePool pool{"pool", {}};
inline const RemoteNetwork network{"net", {}};

inline const std::vector<Call>& calls() {
    static const std::vector<Call> all = {
        {66, [](RemoteCalls& r) { r.auth_list(); }},
        {70, [](RemoteCalls& r) { r.auth_polkit(); }},
        {3, [](RemoteCalls& r) { r.connect_get_type(); }},
        {4, [](RemoteCalls& r) { r.connect_get_version(); }},
        {157, [](RemoteCalls& r) { r.connect_get_lib_version(); }},
        {59, [](RemoteCalls& r) { r.connect_get_hostname(); }},
        {7, [](RemoteCalls& r) { read_capabilities(r.connect_get_capabilities()); }},
        {342, [](RemoteCalls& r) { r.connect_get_domain_capabilities(std::nullopt, std::nullopt, std::nullopt, "qemu", 0); }},
        {51, [](RemoteCalls& r) { r.connect_num_of_domains(); }},
        {6, [](RemoteCalls& r) { r.node_get_info(); }},
        {227, [](RemoteCalls& r) { r.node_get_cpu_stats(-1, 16, 0); }},
        {228, [](RemoteCalls& r) { r.node_get_memory_stats(16, -1, 0); }},
        {344, [](RemoteCalls& r) { r.connect_get_all_domain_stats(63, 0); }},
        {273, [](RemoteCalls& r) { r.connect_list_all_domains(0); }},
        {24, [](RemoteCalls& r) { r.domain_lookup_by_uuid({}); }},
        {15, [](RemoteCalls& r) { r.domain_get_autostart(domain); }},
        {16, [](RemoteCalls& r) { r.domain_get_info(domain); }},
        {212, [](RemoteCalls& r) { r.domain_get_state(domain, 0); }},
        {159, [](RemoteCalls& r) { r.domain_memory_stats(domain, 13, 0); }},
        {14, [](RemoteCalls& r) { read_domain_devices(r.domain_get_xml_desc(domain, 0)); }},
        {64, [](RemoteCalls& r) { r.domain_block_stats(domain, "vda"); }},
        {194, [](RemoteCalls& r) { r.domain_get_block_info(domain, "vda", 0); }},
        {65, [](RemoteCalls& r) { r.domain_interface_stats(domain, "vnet0"); }},
        {20, [](RemoteCalls& r) { r.domain_get_vcpus(domain, 4); }},
        {263, [](RemoteCalls& r) { r.domain_get_disk_errors(domain, 64, 0); }},
        {274, [](RemoteCalls& r) { r.domain_list_all_snapshots(domain, 0); }},
        {186, [](RemoteCalls& r) { read_snapshot(r.domain_snapshot_get_xml_desc({"s", domain}, 0)); }},
        {281, [](RemoteCalls& r) { r.connect_list_all_storage_pools(0); }},
        {89, [](RemoteCalls& r) { r.storage_pool_get_autostart(pool); }},
        {154, [](RemoteCalls& r) { r.storage_pool_is_active(pool); }},
        {87, [](RemoteCalls& r) { r.storage_pool_get_info(pool); }},
        {282, [](RemoteCalls& r) { r.storage_pool_list_all_volumes(pool, 0); }},
        {98, [](RemoteCalls& r) { r.storage_vol_get_info({"pool", "v", "k"}); }},
        {283, [](RemoteCalls& r) { r.connect_list_all_networks(0); }},
        {152, [](RemoteCalls& r) { r.network_is_active(network); }},
        {44, [](RemoteCalls& r) { r.network_get_autostart(network); }},
        {43, [](RemoteCalls& r) { read_network_definition(r.network_get_xml_desc(network, 0)); }},
        {341, [](RemoteCalls& r) { r.network_get_dhcp_leases(network, std::nullopt, 0); }},
        {128, [](RemoteCalls& r) { r.interface_lookup_by_name("br0"); }},
        {122, [](RemoteCalls& r) { r.node_get_security_model(); }},
    };
    return all;
}

// Whole collectors over one connection: the bytes answer call after call.
inline void run_collector(int which, std::unique_ptr<RpcClient> client) {
    QuietProgress progress;
    NativeConnection connection(std::move(client), "qemu:///system", progress, false);
    switch (which % 8) {
        case 0: connection.host_info(); break;
        case 1: connection.domain_stats(63, which & 8); break;
        case 2: connection.pools(which & 8, [](const model::Datastore&) { return true; }); break;
        case 3: connection.networks(); break;
        case 4: connection.snapshots([](const model::VmSnapshots&) { return true; }); break;
        case 5: connection.node_cpu(), connection.node_memory(); break;
        case 6: connection.host_security(), connection.vm_security([](const model::VmSecurity&) { return true; }); break;
        default: connection.capabilities(), connection.autostart("bb202e30-18ac-4346-a863-9088fb0fbb7f"); break;
    }
}

}  // namespace virtcheck::libvirt::native::fuzz
