#pragma once
// The vSphere backend's registration: ESXi hosts and vCenter over the vSphere Web Services
// API, for the hypervisor, VMs (every statistics group), host CPU and memory, datastores and
// snapshots.
#include "collect/backend.hpp"

namespace virtcheck::vsphere {

Registration registration();

}  // namespace virtcheck::vsphere
