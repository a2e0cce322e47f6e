#include "collect/libvirt/native/connection.hpp"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "collect/libvirt/native/collectors.hpp"
#include "collect/libvirt/native/descriptions.hpp"

namespace virtcheck::libvirt::native {

NativeConnection::NativeConnection(std::unique_ptr<RpcClient> client, std::string uri, Progress& progress, bool read_only)
    : client_(std::move(client)), remote_(*client_), uri_(std::move(uri)), session_{remote_, uri_, progress, read_only} {}

NativeConnection::~NativeConnection() {
    try {
        remote_.connect_close();
    } catch (const LibvirtError&) {
        // Closing is a courtesy to the daemon; the check has its answers already.
    }
}

model::Host NativeConnection::host_info() {
    model::Host info;
    session_.progress.stage("reading the hypervisor type from " + uri_);
    try {
        info.driver = remote_.connect_get_type();
    } catch (const LibvirtError& e) {
        throw session_.failure(e, "reading the hypervisor type");
    }
    // Drivers may not know a version or a host name; that is no failure of the service.
    try {
        if (std::uint64_t version = remote_.connect_get_version(); version > 0) info.hypervisor_version = version;
    } catch (const LibvirtError&) {
    }
    try {
        info.libvirt_version = remote_.connect_get_lib_version();
    } catch (const LibvirtError&) {
    }
    try {
        info.hostname = remote_.connect_get_hostname();
    } catch (const LibvirtError&) {
    }

    session_.progress.stage("reading the host's CPUs and memory from " + uri_);
    try {
        NodeInfo node = remote_.node_get_info();
        info.cpu_model = node.model;
        info.cpus = static_cast<unsigned>(node.cpus);
        info.memory_bytes = node.memory_kib * 1024;
    } catch (const LibvirtError& e) {
        throw session_.failure(e, "reading the host's CPUs and memory");
    }

    session_.progress.stage("counting running VMs at " + uri_);
    std::int32_t running = 0;
    try {
        running = remote_.connect_num_of_domains();
    } catch (const LibvirtError& e) {
        throw session_.failure(e, "counting running VMs");
    }
    if (running < 0) throw session_.unexplained("counting running VMs");
    info.running_vms = static_cast<unsigned>(running);
    return info;
}

model::Capabilities NativeConnection::capabilities() {
    session_.progress.stage("reading the host capabilities from " + uri_);
    std::string xml;
    try {
        xml = remote_.connect_get_capabilities();
    } catch (const LibvirtError& e) {
        throw session_.failure(e, "reading the host capabilities");
    }
    return read_capabilities(xml);
}

std::string NativeConnection::domain_capabilities_xml(const std::string& virt_type) {
    session_.progress.stage("reading the domain capabilities from " + uri_);
    try {
        session_.refuse_if_read_only("virConnectGetDomainCapabilities", VIR_FROM_DOMAIN);
        return remote_.connect_get_domain_capabilities(std::nullopt, std::nullopt, std::nullopt, virt_type, 0);
    } catch (const LibvirtError& e) {
        throw session_.failure(e, "reading the domain capabilities");
    }
}

template <typename Call>
std::optional<NodeStats> NativeConnection::node_fields(const char* doing, Call call) {
    std::int32_t count = 0;
    try {
        count = call(0).count;
    } catch (const LibvirtError& e) {
        if (e.code == VIR_ERR_NO_SUPPORT) return std::nullopt;
        throw session_.failure(e, doing);
    }
    if (count <= 0) throw session_.unexplained(doing);
    try {
        return call(count);
    } catch (const LibvirtError& e) {
        throw session_.failure(e, doing);
    }
}

std::optional<model::HostCpuTimes> NativeConnection::node_cpu() {
    session_.progress.stage("reading host CPU counters from " + uri_);
    auto fields = node_fields("reading host CPU counters", [&](std::int32_t count) {
        return remote_.node_get_cpu_stats(VIR_NODE_CPU_STATS_ALL_CPUS, count, 0);
    });
    if (!fields) return std::nullopt;
    model::HostCpuTimes stats;
    for (const auto& [name, value] : fields->fields) {
        if (name == VIR_NODE_CPU_STATS_USER) stats.user_ns = value;
        if (name == VIR_NODE_CPU_STATS_KERNEL) stats.kernel_ns = value;
        if (name == VIR_NODE_CPU_STATS_IDLE) stats.idle_ns = value;
        if (name == VIR_NODE_CPU_STATS_IOWAIT) stats.iowait_ns = value;
    }
    return stats;
}

std::optional<model::HostMemory> NativeConnection::node_memory() {
    session_.progress.stage("reading host memory counters from " + uri_);
    auto fields = node_fields("reading host memory counters", [&](std::int32_t count) {
        return remote_.node_get_memory_stats(count, VIR_NODE_MEMORY_STATS_ALL_CELLS, 0);
    });
    if (!fields) return std::nullopt;
    model::HostMemory memory;
    memory.basis = "free + buffers + cache counted as available (libvirt gives no MemAvailable)";
    for (const auto& [name, kib] : fields->fields) {
        double bytes = static_cast<double>(kib) * 1024;
        if (name == VIR_NODE_MEMORY_STATS_TOTAL) memory.total = bytes;
        if (name == VIR_NODE_MEMORY_STATS_FREE) memory.free = bytes;
        if (name == VIR_NODE_MEMORY_STATS_BUFFERS) memory.buffers = bytes;
        if (name == VIR_NODE_MEMORY_STATS_CACHED) memory.cached = bytes;
    }
    return memory;
}

std::optional<bool> NativeConnection::autostart(const std::string& uuid) {
    session_.progress.stage("reading autostart of VM " + uuid + " from " + uri_);
    auto parsed = parse_uuid(uuid);
    if (!parsed) return std::nullopt;
    try {
        return remote_.domain_get_autostart(remote_.domain_lookup_by_uuid(*parsed));
    } catch (const LibvirtError&) {
        return std::nullopt;
    }
}

std::vector<model::Vm> NativeConnection::domain_stats(unsigned groups, bool running_only) {
    return collect_domain_stats(session_, groups, running_only);
}

std::vector<model::Datastore> NativeConnection::pools(bool refresh, const std::function<bool(const model::Datastore&)>& wanted) {
    return collect_pools(session_, refresh, wanted);
}

std::vector<model::Network> NativeConnection::networks() { return collect_networks(session_); }

std::vector<model::VmSnapshots> NativeConnection::snapshots(const std::function<bool(const model::VmSnapshots&)>& wanted) {
    return collect_snapshots(session_, wanted);
}

std::vector<model::VmSecurity> NativeConnection::vm_security(const std::function<bool(const model::VmSecurity&)>& wanted) {
    return collect_vm_security(session_, wanted);
}

model::HostSecurity NativeConnection::host_security() { return read_host_security(session_); }

}  // namespace virtcheck::libvirt::native
