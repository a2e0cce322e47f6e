#pragma once
// The remote program's procedures the checks use, with their arguments and replies in
// remote_protocol.x's XDR forms. Each throws LibvirtError as libvirt's remote driver would
// fail the same call, including its own checks of the reply (counts above what was asked).
#include <optional>
#include <string>
#include <vector>

#include "collect/libvirt/native/remote_types.hpp"
#include "collect/libvirt/native/rpc_client.hpp"

namespace virtcheck::libvirt::native {

class RemoteCalls {
public:
    explicit RemoteCalls(RpcClient& client) : client_(client) {}

    // Connection (remote_connect.cpp)
    std::vector<std::int32_t> auth_list();
    void auth_polkit();
    void connect_open(const std::optional<std::string>& name, unsigned flags);
    void connect_close();
    std::string connect_get_type();
    std::uint64_t connect_get_version();
    std::uint64_t connect_get_lib_version();
    std::string connect_get_hostname();
    std::string connect_get_capabilities();
    std::string connect_get_domain_capabilities(const std::optional<std::string>& emulator,
                                                const std::optional<std::string>& arch,
                                                const std::optional<std::string>& machine,
                                                const std::optional<std::string>& virt_type, unsigned flags);
    std::int32_t connect_num_of_domains();
    NodeInfo node_get_info();
    NodeStats node_get_cpu_stats(std::int32_t cpu, std::int32_t count, unsigned flags);
    NodeStats node_get_memory_stats(std::int32_t count, std::int32_t cell, unsigned flags);
    // virNodeGetSecurityModel's model ("" when the host runs no security driver).
    std::string node_get_security_model();

    // Domains (remote_domain.cpp)
    std::vector<DomainStatsRecord> connect_get_all_domain_stats(unsigned stats, unsigned flags);
    std::vector<RemoteDomain> connect_list_all_domains(unsigned flags);
    RemoteDomain domain_lookup_by_uuid(const Uuid& uuid);
    bool domain_get_autostart(const RemoteDomain& domain);
    DomainInfo domain_get_info(const RemoteDomain& domain);
    std::pair<std::int32_t, std::int32_t> domain_get_state(const RemoteDomain& domain, unsigned flags);
    std::vector<MemoryStat> domain_memory_stats(const RemoteDomain& domain, std::uint32_t max, unsigned flags);
    std::string domain_get_xml_desc(const RemoteDomain& domain, unsigned flags);
    BlockIo domain_block_stats(const RemoteDomain& domain, const std::string& path);
    BlockInfo domain_get_block_info(const RemoteDomain& domain, const std::string& path, unsigned flags);
    InterfaceIo domain_interface_stats(const RemoteDomain& domain, const std::string& device);
    std::vector<VcpuInfo> domain_get_vcpus(const RemoteDomain& domain, std::int32_t max);
    std::vector<DiskError> domain_get_disk_errors(const RemoteDomain& domain, std::uint32_t max, unsigned flags);
    std::vector<RemoteSnapshot> domain_list_all_snapshots(const RemoteDomain& domain, unsigned flags);
    std::string domain_snapshot_get_xml_desc(const RemoteSnapshot& snapshot, unsigned flags);

    // Storage (remote_storage.cpp)
    std::vector<RemotePool> connect_list_all_storage_pools(unsigned flags);
    bool storage_pool_get_autostart(const RemotePool& pool);
    bool storage_pool_is_active(const RemotePool& pool);
    void storage_pool_refresh(const RemotePool& pool, unsigned flags);
    PoolSizes storage_pool_get_info(const RemotePool& pool);
    std::vector<RemoteVolume> storage_pool_list_all_volumes(const RemotePool& pool, unsigned flags);
    VolumeSizes storage_vol_get_info(const RemoteVolume& volume);

    // Networks and host interfaces (remote_network.cpp)
    std::vector<RemoteNetwork> connect_list_all_networks(unsigned flags);
    std::int32_t network_is_active(const RemoteNetwork& network);
    std::int32_t network_is_persistent(const RemoteNetwork& network);
    bool network_get_autostart(const RemoteNetwork& network);
    std::string network_get_xml_desc(const RemoteNetwork& network, unsigned flags);
    std::vector<DhcpLease> network_get_dhcp_leases(const RemoteNetwork& network, const std::optional<std::string>& mac,
                                                   unsigned flags);
    void interface_lookup_by_name(const std::string& name);

private:
    RpcClient& client_;
};

}  // namespace virtcheck::libvirt::native
