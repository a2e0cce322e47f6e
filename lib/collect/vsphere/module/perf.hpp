#pragma once
// PerformanceManager: counter ids by "group.name.rollup" (read once from perfCounter and
// cached in the state directory), then one QueryPerf for every entity and counter.
#include <map>
#include <string>

#include "collect/vsphere/module/connection.hpp"

namespace virtcheck::vsphere {

struct CounterInfo {
    std::int64_t id = 0;
    std::string unit;
};
using CounterTable = std::map<std::string, CounterInfo>;  // "cpu.ready.summation" -> id, unit

// Pure, for tests.
CounterTable counters_of(const std::vector<ObjectContent>& perf_manager);
std::string format_counters(const CounterTable& table);
std::optional<CounterTable> parse_counters(const std::string& text);
PerfResult samples_of(const xml::Node& query_perf_response, const std::map<std::int64_t, std::string>& names,
                      const CounterTable& table);

PerfResult query_perf(Connection& connection, const PerfQuery& query);

}  // namespace virtcheck::vsphere
