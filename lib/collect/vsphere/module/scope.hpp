#pragma once
#include <string>

#include "collect/vsphere/module/connection.hpp"

namespace virtcheck::vsphere {

// --datacenter / --cluster / --esx-host by name, in one read of the inventory's names and
// parents (folders, datacenters, compute resources, hosts). Throws CollectError(Failed)
// naming what is not there.
Scope resolve_scope(Connection& connection, const std::string& datacenter, const std::string& cluster,
                    const std::string& esx_host);

}  // namespace virtcheck::vsphere
