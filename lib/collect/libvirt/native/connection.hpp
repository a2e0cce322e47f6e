#pragma once
// libvirt::Connection over the native RPC client: the same calls, stages and errors as the
// libvirt.so connection in module/connection.cpp, made as remote procedures.
#include <memory>
#include <string>

#include "collect/libvirt/libvirt.hpp"
#include "collect/libvirt/native/remote_calls.hpp"
#include "collect/libvirt/native/rpc_client.hpp"
#include "collect/libvirt/native/session.hpp"

namespace virtcheck::libvirt::native {

class NativeConnection final : public Connection {
public:
    // `client` has been authenticated and CONNECT_OPEN has succeeded.
    NativeConnection(std::unique_ptr<RpcClient> client, std::string uri, Progress& progress, bool read_only);
    ~NativeConnection() override;  // CONNECT_CLOSE, as virConnectClose sends it

    model::Host host_info() override;
    model::Capabilities capabilities() override;
    std::vector<model::Vm> domain_stats(unsigned groups, bool running_only) override;
    std::optional<model::HostCpuTimes> node_cpu() override;
    std::optional<model::HostMemory> node_memory() override;
    std::optional<bool> autostart(const std::string& uuid) override;
    std::vector<model::Datastore> pools(bool refresh, const std::function<bool(const model::Datastore&)>& wanted) override;
    std::vector<model::Network> networks() override;
    std::vector<model::VmSnapshots> snapshots(const std::function<bool(const model::VmSnapshots&)>& wanted) override;
    std::vector<model::VmSecurity> vm_security(const std::function<bool(const model::VmSecurity&)>& wanted) override;
    model::HostSecurity host_security() override;

    // Not in the Connection interface yet: the host's domain capabilities XML
    // (virConnectGetDomainCapabilities; the daemon refuses it on read-only connections).
    std::string domain_capabilities_xml(const std::string& virt_type);

private:
    // virNodeGet{CPU,Memory}Stats: the count, then the fields; nothing when unsupported.
    template <typename Call>
    std::optional<NodeStats> node_fields(const char* doing, Call call);

    std::unique_ptr<RpcClient> client_;
    RemoteCalls remote_;
    std::string uri_;
    Session session_;
};

}  // namespace virtcheck::libvirt::native
