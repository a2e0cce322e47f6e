#pragma once
// check_container: CPU (of its quota or of the host), throttling, memory (of its limit or of
// the host) with file cache apart, OOM kills since the last run, pids, and pressure (PSI).
#include <string>
#include <vector>

#include "core/metric.hpp"
#include "core/rate.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "model/container.hpp"

namespace virtcheck {

namespace container {
inline const Metric cpu{"cpu", Unit::Percent, "CPU use of each container, % of its CPU quota (or of all host CPUs)"};
inline const Metric throttled{"throttled", Unit::Percent, "CPU periods throttled by the quota, %"};
inline const Metric memory{"memory", Unit::Percent,
                           "memory in use without inactive file cache, % of memory.max (or host memory)"};
// Any new OOM kill is CRITICAL unless the user says otherwise.
inline const Metric oom_kills{.name = "oom_kills", .unit = Unit::Count,
                              .help = "OOM kills since the last run (default -c oom_kills=0: any is CRITICAL)",
                              .default_critical = "0"};
inline const Metric pids_used{"pids_used", Unit::Percent, "processes, % of pids.max"};
inline const Metric cpu_pressure{"cpu_pressure", Unit::Percent, "PSI: some tasks waiting for CPU, % of the last 10 s"};
inline const Metric memory_pressure{"memory_pressure", Unit::Percent,
                                    "PSI: some tasks waiting for memory, % of the last 10 s"};
inline const Metric io_pressure{"io_pressure", Unit::Percent, "PSI: some tasks waiting for I/O, % of the last 10 s"};
inline const MetricTable metrics{&cpu,       &throttled,    &memory,          &oom_kills,
                                 &pids_used, &cpu_pressure, &memory_pressure, &io_pressure};
}  // namespace container

// Counters by group: "<group>/cpu_usec", "/periods", "/throttled", "/oom_kills".
Sample containers_sample(const std::vector<model::ContainerStats>& containers, double time);

Result evaluate_containers(const model::Containers& all, const Rates& rates, const Selection& selection,
                           const ThresholdSet& thresholds, const std::string& note);

}  // namespace virtcheck
