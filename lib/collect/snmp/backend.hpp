#pragma once
// The SNMP backend's registration: the hypervisor host's agent (ESXi, or any host with
// HOST-RESOURCES-MIB) for the hypervisor, VM states (ESXi), host CPU and memory, datastores.
#include "collect/backend.hpp"

namespace virtcheck::snmp {

Registration registration();

}  // namespace virtcheck::snmp
