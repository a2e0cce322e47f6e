// The libvirt backend module: a read-only connection and the queries the checks need.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstring>
#include <memory>

#include "collect/libvirt/libvirt.hpp"
#include "collect/libvirt/module/capabilities.hpp"
#include "collect/libvirt/module/domain_stats.hpp"
#include "collect/libvirt/module/error_mapping.hpp"
#include "collect/libvirt/module/handles.hpp"
#include "collect/libvirt/module/networks.hpp"
#include "collect/libvirt/module/security.hpp"
#include "collect/libvirt/module/snapshots.hpp"
#include "collect/libvirt/module/storage.hpp"

namespace virtcheck::libvirt {
namespace {

// libvirt prints every error to stderr unless told otherwise; errors are read where they happen.
void ignore_error(void*, virErrorPtr) {}

// A plugin runs without a terminal: never prompt, let libvirt's auth.conf (--auth-file) or
// the transport's own keys answer, and fail otherwise.
int refuse_prompts(virConnectCredentialPtr, unsigned int, void*) { return -1; }

struct ConnectClose {
    void operator()(virConnectPtr connection) const { virConnectClose(connection); }
};

class LibvirtConnection final : public Connection {
public:
    LibvirtConnection(virConnectPtr connection, std::string uri, Access access, Progress& progress)
        : connection_(connection), uri_(std::move(uri)), access_(access), progress_(progress) {}

    model::Host host_info() override {
        model::Host info;
        virConnectPtr c = connection_.get();
        progress_.stage("reading the hypervisor type from " + uri_);
        const char* type = virConnectGetType(c);
        if (!type) throw last_error(uri_, "reading the hypervisor type");
        info.driver = type;
        // Drivers may not know a version or a host name; that is no failure of the service.
        if (unsigned long version = 0; virConnectGetVersion(c, &version) == 0 && version > 0)
            info.hypervisor_version = version;
        if (unsigned long version = 0; virConnectGetLibVersion(c, &version) == 0)
            info.libvirt_version = version;
        if (LibvirtString hostname{virConnectGetHostname(c)}) info.hostname = hostname.get();

        progress_.stage("reading the host's CPUs and memory from " + uri_);
        virNodeInfo node{};
        if (virNodeGetInfo(c, &node) < 0) throw last_error(uri_, "reading the host's CPUs and memory");
        info.cpu_model = node.model;
        info.cpus = node.cpus;
        info.memory_bytes = static_cast<std::uint64_t>(node.memory) * 1024;

        progress_.stage("counting running VMs at " + uri_);
        int running = virConnectNumOfDomains(c);
        if (running < 0) throw last_error(uri_, "counting running VMs");
        info.running_vms = static_cast<unsigned>(running);
        return info;
    }

    model::Capabilities capabilities() override {
        progress_.stage("reading the host capabilities from " + uri_);
        LibvirtString xml{virConnectGetCapabilities(connection_.get())};
        if (!xml) throw last_error(uri_, "reading the host capabilities");
        return parse_capabilities(xml.get());
    }

    std::vector<model::Vm> domain_stats(unsigned groups, bool running_only) override {
        return collect_domain_stats(connection_.get(), uri_, groups, running_only, progress_);
    }

    std::optional<model::HostCpuTimes> node_cpu() override {
        progress_.stage("reading host CPU counters from " + uri_);
        auto fields = node_fields<virNodeCPUStats>("reading host CPU counters", [&](virNodeCPUStats* p, int* n) {
            return virNodeGetCPUStats(connection_.get(), VIR_NODE_CPU_STATS_ALL_CPUS, p, n, 0);
        });
        if (!fields) return std::nullopt;
        model::HostCpuTimes stats;
        for (const auto& [name, value] : *fields) {
            if (name == VIR_NODE_CPU_STATS_USER) stats.user_ns = value;
            if (name == VIR_NODE_CPU_STATS_KERNEL) stats.kernel_ns = value;
            if (name == VIR_NODE_CPU_STATS_IDLE) stats.idle_ns = value;
            if (name == VIR_NODE_CPU_STATS_IOWAIT) stats.iowait_ns = value;
        }
        return stats;
    }

    std::optional<model::HostMemory> node_memory() override {
        progress_.stage("reading host memory counters from " + uri_);
        auto fields = node_fields<virNodeMemoryStats>("reading host memory counters", [&](virNodeMemoryStats* p, int* n) {
            return virNodeGetMemoryStats(connection_.get(), VIR_NODE_MEMORY_STATS_ALL_CELLS, p, n, 0);
        });
        if (!fields) return std::nullopt;
        model::HostMemory memory;
        memory.basis = "free + buffers + cache counted as available (libvirt gives no MemAvailable)";
        for (const auto& [name, kib] : *fields) {
            double bytes = static_cast<double>(kib) * 1024;
            if (name == VIR_NODE_MEMORY_STATS_TOTAL) memory.total = bytes;
            if (name == VIR_NODE_MEMORY_STATS_FREE) memory.free = bytes;
            if (name == VIR_NODE_MEMORY_STATS_BUFFERS) memory.buffers = bytes;
            if (name == VIR_NODE_MEMORY_STATS_CACHED) memory.cached = bytes;
        }
        return memory;
    }

    std::optional<bool> autostart(const std::string& uuid) override {
        progress_.stage("reading autostart of VM " + uuid + " from " + uri_);
        virDomainPtr domain = virDomainLookupByUUIDString(connection_.get(), uuid.c_str());
        if (!domain) return std::nullopt;
        int enabled = 0;
        int status = virDomainGetAutostart(domain, &enabled);
        virDomainFree(domain);
        return status == 0 ? std::optional<bool>(enabled != 0) : std::nullopt;
    }

    std::vector<model::Datastore> pools(bool refresh, const std::function<bool(const model::Datastore&)>& wanted) override {
        return collect_pools(connection_.get(), uri_, refresh, wanted, progress_);
    }

    std::vector<model::Network> networks() override { return collect_networks(connection_.get(), uri_, progress_); }

    std::vector<model::VmSnapshots> snapshots(const std::function<bool(const model::VmSnapshots&)>& wanted) override {
        return collect_snapshots(connection_.get(), uri_, wanted, progress_);
    }

    std::vector<model::VmSecurity> vm_security(const std::function<bool(const model::VmSecurity&)>& wanted) override {
        return collect_vm_security(connection_.get(), uri_, access_ == Access::ReadWrite, wanted, progress_);
    }

    model::HostSecurity host_security() override { return read_host_security(connection_.get(), uri_, progress_); }

private:
    // virNodeGet{CPU,Memory}Stats: ask for the count, then the fields. Nothing when unsupported.
    template <typename Field, typename Call>
    std::optional<std::vector<std::pair<std::string, std::uint64_t>>> node_fields(const char* doing, Call call) {
        int count = 0;
        if (call(nullptr, &count) < 0 || count <= 0) {
            const virError* error = virGetLastError();
            if (error && error->code == VIR_ERR_NO_SUPPORT) return std::nullopt;
            throw last_error(uri_, doing);
        }
        std::vector<Field> raw(static_cast<std::size_t>(count));
        if (call(raw.data(), &count) < 0) throw last_error(uri_, doing);
        std::vector<std::pair<std::string, std::uint64_t>> fields;
        for (int i = 0; i < count && i < static_cast<int>(raw.size()); ++i)
            fields.emplace_back(std::string(raw[i].field, strnlen(raw[i].field, sizeof raw[i].field)), raw[i].value);
        return fields;
    }

    std::unique_ptr<virConnect, ConnectClose> connection_;
    std::string uri_;
    Access access_;
    Progress& progress_;
};

class LibvirtClient final : public Client {
public:
    LibvirtClient() { virSetErrorFunc(nullptr, ignore_error); }

    std::unique_ptr<Connection> open(const std::string& uri, Access access, Progress& progress) override {
        progress.stage("connecting to " + uri);
        int credential_types[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, VIR_CRED_ECHOPROMPT,
                                  VIR_CRED_NOECHOPROMPT, VIR_CRED_EXTERNAL};
        virConnectAuth auth{credential_types, sizeof credential_types / sizeof credential_types[0],
                            refuse_prompts, nullptr};
        virConnectPtr connection = virConnectOpenAuth(uri.c_str(), &auth, access == Access::ReadOnly ? VIR_CONNECT_RO : 0);
        if (!connection) throw last_error(uri, "connecting");
        return std::make_unique<LibvirtConnection>(connection, uri, access, progress);
    }
};

}  // namespace
}  // namespace virtcheck::libvirt

extern "C" __attribute__((visibility("default"))) virtcheck::libvirt::Client* virtcheck_libvirt_client_v4() {
    static virtcheck::libvirt::LibvirtClient client;
    return &client;
}
