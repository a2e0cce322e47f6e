#pragma once
// check_host_cpu and check_host_memory over SNMP: HOST-RESOURCES-MIB processor loads and RAM,
// with UCD-SNMP-MIB memory where the agent has it (so that cache is not counted as used).
#include <vector>

#include "collect/snmp/tables.hpp"
#include "model/host.hpp"

namespace virtcheck::snmp {

model::HostCpu host_cpu_of(std::vector<model::CpuLoad> loads);

// UCD memory when complete, else the hrStorageRam row.
model::HostMemory host_memory_of(const std::vector<StorageArea>& storage, const UcdMemory& ucd);

}  // namespace virtcheck::snmp
