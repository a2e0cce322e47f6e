#pragma once
// Hosts, VMs and datastores: which properties are read, and how the PropertyCollector's
// objects become the plain structs of vsphere.hpp. The *_of functions are pure (unit tests).
#include <string>
#include <vector>

#include "collect/vsphere/module/properties.hpp"
#include "collect/vsphere/vsphere.hpp"

namespace virtcheck::vsphere {

std::vector<std::string> host_properties();
std::vector<std::string> vm_properties(const VmDetails& details);
std::vector<std::string> datastore_properties();

// `objects` may hold the hosts' parents too (ClusterComputeResource, ComputeResource): they
// give the cluster names.
std::vector<Host> hosts_of(const std::vector<ObjectContent>& objects);
std::vector<Vm> vms_of(const std::vector<ObjectContent>& objects);
std::vector<Datastore> datastores_of(const std::vector<ObjectContent>& objects);

// The snapshot tree of snapshot.rootSnapshotList (depth-limited by the XML parser).
std::vector<Snapshot> snapshots_of(const xml::Node& list);

}  // namespace virtcheck::vsphere
