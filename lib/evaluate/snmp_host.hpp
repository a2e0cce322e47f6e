#pragma once
// check_host_cpu and check_host_memory in SNMP mode: HOST-RESOURCES-MIB processor load and
// RAM, with UCD-SNMP-MIB memory where the agent has it (so that cache is not counted used).
#include <vector>

#include "collect/snmp/tables.hpp"
#include "core/result.hpp"
#include "core/threshold.hpp"
#include "evaluate/host.hpp"

namespace virtcheck {

// Average over all CPUs (-w/-c) and the busiest one (-w busiest=).
Result evaluate_snmp_host_cpu(const std::vector<snmp::ProcessorLoad>& loads, const Thresholds& average,
                              const Thresholds& busiest);

// UCD memory when complete, else the hrStorageRam row. Over-commit has no SNMP source.
Result evaluate_snmp_host_memory(const std::vector<snmp::StorageArea>& storage, const snmp::UcdMemory& ucd,
                                 const HostMemoryRules& rules);

}  // namespace virtcheck
