#include "collect/source.hpp"

#include <stdexcept>

namespace virtcheck {
namespace {

// The backend registry never hands a check a source for a target its backend does not serve.
[[noreturn]] void not_served(const char* what) {
    throw std::logic_error(std::string("this backend does not serve ") + what);
}

}  // namespace

model::HypervisorStatus Source::hypervisor(bool) { not_served("the hypervisor status"); }
std::vector<model::Vm> Source::vms(unsigned, bool) { not_served("VMs"); }
std::optional<bool> Source::autostart(const model::Vm&) { return std::nullopt; }
model::Host Source::host() { not_served("the host"); }
model::HostCpu Source::host_cpu() { not_served("host CPU"); }
model::HostMemory Source::host_memory() { not_served("host memory"); }
std::vector<model::Datastore> Source::datastores(bool, const Wanted&) { not_served("datastores"); }
std::vector<model::Network> Source::networks() { not_served("networks"); }
std::vector<model::VmSnapshots> Source::snapshots(const Wanted&) { not_served("snapshots"); }
model::Containers Source::containers() { not_served("containers"); }
std::vector<std::string> Source::remarks(int) const { return {}; }
model::Security Source::security(const Wanted&) { not_served("security settings"); }

}  // namespace virtcheck
