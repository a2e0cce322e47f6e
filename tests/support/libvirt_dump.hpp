#pragma once
// What a libvirt::Connection answered, as plain text: one "key value" line per field, "-"
// for an absent value. Two connections gave the same answers when their dumps are equal.
#include <string>
#include <vector>

#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::testing {

std::string dump(const model::Host& host);
std::string dump(const model::Capabilities& capabilities);
std::string dump(const model::HostCpuTimes& stats);
std::string dump(const model::HostMemory& stats);
std::string dump(const std::vector<model::Vm>& vms);
std::string dump(const std::vector<model::Datastore>& pools);
std::string dump(const std::vector<model::Network>& networks);
std::string dump(const std::vector<model::VmSnapshots>& vms);

// Runs one probe operation on `connection` and dumps its answer:
//   host, capabilities, node-cpu, node-memory, stats=GROUPS (running VMs), stats-all=GROUPS,
//   autostart (of each VM the stats list), pools, refresh-pools, networks, snapshots.
// Throws std::invalid_argument for an unknown operation.
std::string run_operation(libvirt::Connection& connection, const std::string& operation);

}  // namespace virtcheck::testing
