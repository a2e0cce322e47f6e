#pragma once
// check_hypervisor: does the management service answer, how fast, with which versions; is
// hardware acceleration there; since when is the host up.
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "core/metric.hpp"
#include "core/result.hpp"
#include "core/version.hpp"
#include "model/facts.hpp"
#include "model/hypervisor.hpp"

namespace virtcheck {

namespace hypervisor {
inline const Metric time{"time", Unit::Seconds, "response time of connect + queries"};
inline const Metric uptime{"uptime", Unit::Seconds,
                           "SNMP and vSphere modes: time since the host started (-w uptime=10m: warns after a reboot)",
                           model::FactUptime};
inline const MetricTable metrics{&time, &uptime};
}  // namespace hypervisor

struct HypervisorRules {
    std::optional<Version> min_version{};  // WARNING when older
    std::optional<Version> min_libvirt{};  // WARNING when older
    bool require_acceleration = false;   // CRITICAL when VMs would be software-emulated
    State maintenance = State::Warning;  // a managed host in maintenance mode
    std::vector<std::regex> ignore_alarms{};  // alarms whose name matches one are not counted
};

// --ignore-alarm REGEX...: compiled, or UsageError naming the pattern.
std::vector<std::regex> alarm_patterns(const std::vector<std::string>& texts, const std::string& option);

Result evaluate_hypervisor(const model::HypervisorStatus& status, const ThresholdSet& thresholds,
                           const HypervisorRules& rules);

// Domain types that run guests without full software emulation.
bool is_accelerated(const model::Capabilities& capabilities);

}  // namespace virtcheck
