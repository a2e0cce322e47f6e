#pragma once
// check_vm_state's rules: expected states per name pattern, defaults for crashed/paused/
// autostart-but-off VMs, and thresholds on the number of running VMs.
#include <functional>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/metric.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "model/vm.hpp"

namespace virtcheck {

namespace vm_state {
inline const Metric running{"running", Unit::Count, "number of running VMs"};
inline const MetricTable metrics{&running};
}  // namespace vm_state

struct StateRule {
    std::string text;  // as given, for messages
    std::regex pattern;
    std::set<model::VmState> allowed;
    State otherwise = State::Critical;  // --expect: CRITICAL, --expect-warn: WARNING
};

// "REGEX=STATE[,STATE...]", split at the last '='. Throws UsageError.
StateRule parse_state_rule(const std::string& text, State otherwise);

// All --expect (CRITICAL) and --expect-warn (WARNING) rules, in that order.
std::vector<StateRule> parse_state_rules(const std::vector<std::string>& expect,
                                         const std::vector<std::string>& expect_warn);

// `rules`: the first that matches a VM decides; no match: the defaults. `autostart` answers
// for shut-off VMs (the default rule warns when one should be running).
Result evaluate_vm_state(const std::vector<model::Vm>& all, const Selection& selection,
                         const std::vector<StateRule>& rules, const ThresholdSet& thresholds,
                         const std::function<std::optional<bool>(const model::Vm&)>& autostart);

}  // namespace virtcheck
