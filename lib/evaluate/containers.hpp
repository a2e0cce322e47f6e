#pragma once
// check_container: CPU (of its quota or of the host), throttling, memory (of its limit or of
// the host) with file cache apart, OOM kills since the last run, pids, and pressure (PSI).
#include <string>
#include <vector>

#include "collect/cgroup/cgroup.hpp"
#include "core/rate.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "core/threshold.hpp"

namespace virtcheck {

struct ContainerRules {
    Thresholds cpu;        // -w/-c: % of the CPUs it may use
    Thresholds throttled;  // % of CFS periods throttled
    Thresholds memory;     // used without inactive file cache, % of its limit (or host memory)
    Thresholds oom_kills;  // new OOM kills (the check defaults to -c oom_kills=0)
    Thresholds pids;       // % of pids.max
    Thresholds cpu_pressure, memory_pressure, io_pressure;  // PSI some avg10, %
};

// Counters by group: "<group>/cpu_usec", "/periods", "/throttled", "/oom_kills".
Sample containers_sample(const std::vector<cgroup::ContainerStats>& containers, double time);

Result evaluate_containers(const std::vector<cgroup::ContainerStats>& containers, const Rates& rates,
                           const cgroup::Host& host, const Selection& selection, const ContainerRules& rules,
                           const std::string& note, bool hybrid);

}  // namespace virtcheck
