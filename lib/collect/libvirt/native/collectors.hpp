#pragma once
// The collectors behind NativeConnection: each mirrors its libvirt.so counterpart in
// module/ call for call, so that both give the same answers, stages and errors.
#include <functional>
#include <vector>

#include "collect/libvirt/libvirt.hpp"
#include "collect/libvirt/native/session.hpp"

namespace virtcheck::libvirt::native {

// Bulk statistics with the per-domain fallback (module/domain_stats.cpp).
std::vector<model::Vm> collect_domain_stats(Session& session, unsigned groups, bool running_only);

// Storage pools with their volume totals (module/storage.cpp).
std::vector<model::Datastore> collect_pools(Session& session, bool refresh, const std::function<bool(const model::Datastore&)>& wanted);

// Virtual networks, bridges and DHCP use (module/networks.cpp).
std::vector<model::Network> collect_networks(Session& session);

// VMs with their snapshots (module/snapshots.cpp).
std::vector<model::VmSnapshots> collect_snapshots(Session& session, const std::function<bool(const model::VmSnapshots&)>& wanted);

// check_vm_security's VMs and host (module/security.cpp).
std::vector<model::VmSecurity> collect_vm_security(Session& session, const std::function<bool(const model::VmSecurity&)>& wanted);
model::HostSecurity read_host_security(Session& session);

}  // namespace virtcheck::libvirt::native
