#pragma once
// What a check reads, whatever the backend: a Source answers for the targets its backend
// serves, in the plain data of lib/model. A backend (libvirt, SNMP, the cgroup tree, ...)
// implements it; collect/backend.hpp chooses the backend from the options.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/container.hpp"
#include "model/datastore.hpp"
#include "model/host.hpp"
#include "model/hypervisor.hpp"
#include "model/network.hpp"
#include "model/security.hpp"
#include "model/snapshot.hpp"
#include "model/vm.hpp"

namespace virtcheck {

// How a source is opened: checks read; only a storage rescan writes.
enum class Access { ReadOnly, ReadWrite };

// What a check is about.
enum class Target { Hypervisor, Vms, HostCpu, HostMemory, Datastores, Networks, Snapshots, Containers, Security };

// Which objects a reading may skip (the selection sees name and uuid): reading fewer objects
// costs fewer calls where a backend asks per object.
using Wanted = std::function<bool(const std::string& name, const std::string& uuid)>;

// Every call may throw CollectError (Unreachable: the service is down). A backend implements
// the calls of the targets it serves; the others are never called.
class Source {
public:
    virtual ~Source() = default;

    // Tells targets apart in state file names ("qemu:///system", the cgroup root).
    virtual std::string key() const = 0;

    // One look at the management service, timed from connecting to the last answer.
    virtual model::HypervisorStatus hypervisor(bool with_capabilities);

    // All VMs (or only running ones) with the model::Stats groups asked for.
    virtual std::vector<model::Vm> vms(unsigned stats, bool running_only);
    // Whether a VM starts with the host, when its listing did not say; nothing when unknown.
    virtual std::optional<bool> autostart(const model::Vm& vm);

    virtual model::Host host();
    virtual model::HostCpu host_cpu();
    virtual model::HostMemory host_memory();

    // `rescan` first rescans the wanted datastores (needs FactRescan and read-write access).
    virtual std::vector<model::Datastore> datastores(bool rescan, const Wanted& wanted);
    virtual std::vector<model::Network> networks();
    virtual std::vector<model::VmSnapshots> snapshots(const Wanted& wanted);
    virtual model::Containers containers();

    // What long output should mention after the reads, at this -v level: "the server's
    // certificate was not verified (--insecure)". Nothing by default.
    virtual std::vector<std::string> remarks(int verbosity) const;

    // The host's security settings and those of the wanted VMs; passwords are seen only on a
    // source opened for writing (libvirt hides them from read-only connections).
    virtual model::Security security(const Wanted& wanted);
};

}  // namespace virtcheck
