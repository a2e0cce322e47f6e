#pragma once
// check_host_cpu and check_host_memory over SNMP: HOST-RESOURCES-MIB processor loads and RAM,
// with UCD-SNMP-MIB memory where the agent has it (so that cache is not counted as used).
#include <vector>

#include "collect/snmp/tables.hpp"
#include "model/host.hpp"

namespace virtcheck::snmp {

// `sys_object_id` (dotted) says which agent answered, for the hint when the loads are missing.
model::HostCpu host_cpu_of(std::vector<model::CpuLoad> loads, const std::string& sys_object_id = "");

// hrProcessorLoad from the agent, and its sysObjectID when there are no loads.
model::HostCpu read_host_cpu(Session& session);

// UCD memory when complete, else the hrStorageRam row.
model::HostMemory host_memory_of(const std::vector<StorageArea>& storage, const UcdMemory& ucd);

}  // namespace virtcheck::snmp
