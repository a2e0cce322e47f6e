#pragma once
// check_vm_state's rules: expected states per name pattern, defaults for crashed/paused/
// autostart-but-off VMs, and thresholds on the number of running VMs.
#include <functional>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "collect/libvirt/libvirt.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "core/threshold.hpp"

namespace virtcheck {

struct StateRule {
    std::string text;  // as given, for messages
    std::regex pattern;
    std::set<libvirt::DomainState> allowed;
    State otherwise = State::Critical;  // --expect: CRITICAL, --expect-warn: WARNING
};

// "REGEX=STATE[,STATE...]", split at the last '='. Throws UsageError.
StateRule parse_state_rule(const std::string& text, State otherwise);

// All --expect (CRITICAL) and --expect-warn (WARNING) rules, in that order.
std::vector<StateRule> parse_state_rules(const std::vector<std::string>& expect,
                                         const std::vector<std::string>& expect_warn);

struct VmStateRules {
    std::vector<StateRule> rules;  // first matching rule decides; no match: the defaults
    Thresholds running;            // on the number of running VMs
};

// `autostart` answers for shut-off VMs (the default rule warns when one should be running).
Result evaluate_vm_state(const std::vector<libvirt::DomainStats>& all, const Selection& selection,
                         const VmStateRules& rules,
                         const std::function<std::optional<bool>(const libvirt::DomainStats&)>& autostart);

}  // namespace virtcheck
