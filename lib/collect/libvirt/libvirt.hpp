#pragma once
// The libvirt backend module's interface: what the check side asks of a libvirt connection.
// The implementation lives in virtcheck-libvirt.so (see core/module.hpp for what may cross
// the boundary); this side sees only these abstract classes and the plain data of lib/model.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "collect/source.hpp"
#include "core/progress.hpp"
#include "model/datastore.hpp"
#include "model/host.hpp"
#include "model/network.hpp"
#include "model/security.hpp"
#include "model/snapshot.hpp"
#include "model/vm.hpp"

namespace virtcheck::libvirt {

class Connection {
public:
    virtual ~Connection() = default;
    virtual model::Host host_info() = 0;
    virtual model::Capabilities capabilities() = 0;

    // All VMs (or only running ones) with the requested model::Stats groups, in one bulk call
    // where the driver supports it, with per-domain calls where it does not.
    virtual std::vector<model::Vm> domain_stats(unsigned groups, bool running_only) = 0;

    // Host CPU and memory counters; nothing when the driver does not have them (e.g. test, esx).
    virtual std::optional<model::HostCpuTimes> node_cpu() = 0;
    virtual std::optional<model::HostMemory> node_memory() = 0;

    // Whether the VM starts with the host; one call per VM, so only for the VMs that need it.
    virtual std::optional<bool> autostart(const std::string& uuid) = 0;

    // Storage pools with their volume totals. `refresh` first rescans the active pools whose
    // name `wanted` accepts (needs a read-write connection).
    virtual std::vector<model::Datastore> pools(bool refresh,
                                                const std::function<bool(const model::Datastore&)>& wanted) = 0;

    // Virtual networks, their bridges and DHCP use.
    virtual std::vector<model::Network> networks() = 0;

    // The VMs `wanted` accepts (it sees name and uuid) with their snapshots; one snapshot
    // listing per such VM.
    virtual std::vector<model::VmSnapshots> snapshots(const std::function<bool(const model::VmSnapshots&)>& wanted) = 0;

    // The security settings of the VMs `wanted` accepts (it sees name and uuid): one listing,
    // then one XML description per such VM, with passwords (VIR_DOMAIN_XML_SECURE) only on a
    // read-write connection. Disk modes are left to the check side.
    virtual std::vector<model::VmSecurity> vm_security(const std::function<bool(const model::VmSecurity&)>& wanted) = 0;

    // The host's security model (virNodeGetSecurityModel) and the CPU features it can give
    // guests (domain capabilities, read once; the host CPU of the capabilities when they are
    // refused, as on read-only connections).
    virtual model::HostSecurity host_security() = 0;
};

class Client {
public:
    // Throws CollectError: Unreachable when nothing answers at `uri` (the service is down),
    // Denied for authentication/permission, Failed otherwise.
    virtual std::unique_ptr<Connection> open(const std::string& uri, Access access, Progress& progress) = 0;

protected:
    ~Client() = default;
};

// The C symbol the module exports; versioned so that a stale module is refused, not misused.
inline constexpr const char* client_symbol = "virtcheck_libvirt_client_v4";
inline constexpr const char* module_file = "virtcheck-libvirt.so";

}  // namespace virtcheck::libvirt
