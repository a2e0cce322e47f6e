#include "evaluate/vm_state.hpp"

#include <array>
#include <map>

#include "core/errors.hpp"
#include "evaluate/vms.hpp"

namespace virtcheck {
namespace {

using libvirt::DomainState;

constexpr std::array all_states{DomainState::Running, DomainState::Blocked,  DomainState::Paused,
                                DomainState::Shutdown, DomainState::Shutoff, DomainState::Crashed,
                                DomainState::PmSuspended};

// virDomainPausedReason values (libvirt-domain.h) that mean the guest is in trouble.
constexpr int paused_io_error = 5;  // VIR_DOMAIN_PAUSED_IOERROR: a disk failed or filled up
constexpr int paused_crashed = 10;  // VIR_DOMAIN_PAUSED_CRASHED: the guest crashed

bool paused_by_failure(const libvirt::DomainStats& vm) {
    return vm.state == DomainState::Paused && (vm.reason == paused_io_error || vm.reason == paused_crashed);
}

std::string describe(const libvirt::DomainStats& vm) {
    std::string text = vm.name + " " + std::string(state_word(vm.state));
    if (vm.state == DomainState::Paused && vm.reason == paused_io_error) text += " (I/O error)";
    if (vm.state == DomainState::Paused && vm.reason == paused_crashed) text += " (guest crashed)";
    return text;
}

Result default_rule(const libvirt::DomainStats& vm,
                    const std::function<std::optional<bool>(const libvirt::DomainStats&)>& autostart) {
    switch (vm.state) {
        case DomainState::Crashed: return {State::Critical, describe(vm)};
        case DomainState::NoState: return {State::Unknown, describe(vm) + " (the hypervisor gives no state)"};
        case DomainState::Paused:
            return {paused_by_failure(vm) ? State::Critical : State::Warning, describe(vm)};
        case DomainState::Shutoff:
            if (autostart(vm).value_or(false)) return {State::Warning, describe(vm) + " but set to autostart"};
            return {State::Ok, describe(vm)};
        default: return {State::Ok, describe(vm)};
    }
}

}  // namespace

StateRule parse_state_rule(const std::string& text, State otherwise) {
    const std::string option = otherwise == State::Critical ? "--expect" : "--expect-warn";
    auto eq = text.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw UsageError(option + ": '" + text + "' is not REGEX=STATE[,STATE...]");
    StateRule rule{text, {}, {}, otherwise};
    try {
        rule.pattern = std::regex(text.substr(0, eq), std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
        throw UsageError(option + ": '" + text.substr(0, eq) + "' is not a regular expression (" + e.what() + ")");
    }
    std::string states = text.substr(eq + 1);
    for (std::size_t start = 0; start <= states.size();) {
        auto comma = states.find(',', start);
        std::string word = states.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        bool known = false;
        for (auto state : all_states)
            if (word == state_word(state)) rule.allowed.insert(state), known = true;
        if (!known)
            throw UsageError(option + ": unknown state '" + word +
                             "' (running, blocked, paused, shutdown, shutoff, crashed, pmsuspended)");
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return rule;
}

std::vector<StateRule> parse_state_rules(const std::vector<std::string>& expect,
                                         const std::vector<std::string>& expect_warn) {
    std::vector<StateRule> rules;
    for (const auto& text : expect) rules.push_back(parse_state_rule(text, State::Critical));
    for (const auto& text : expect_warn) rules.push_back(parse_state_rule(text, State::Warning));
    return rules;
}

Result evaluate_vm_state(const std::vector<libvirt::DomainStats>& all, const Selection& selection,
                         const VmStateRules& rules,
                         const std::function<std::optional<bool>(const libvirt::DomainStats&)>& autostart) {
    Result root;
    auto selected = select_vms(all, selection, root);
    std::map<DomainState, unsigned> counts;
    for (const auto* vm : selected.vms) {
        ++counts[vm->state];
        const StateRule* rule = nullptr;
        for (const auto& candidate : rules.rules)
            if (std::regex_search(vm->name, candidate.pattern)) {
                rule = &candidate;
                break;
            }
        Result& partial = !rule                           ? root.add(default_rule(*vm, autostart))
                          : rule->allowed.count(vm->state) ? root.add({State::Ok, describe(*vm)})
                                                           : root.add({rule->otherwise, describe(*vm) + " (expected " +
                                                                                            rule->text.substr(rule->text.rfind('=') + 1) + ")"});
        if (!vm->guest.empty()) partial.add({State::Ok, vm->guest});  // long output only
    }

    std::string details;
    for (auto state : all_states) {
        unsigned n = counts[state];
        root.perfdata.push_back({std::string(state_word(state)), n, Unit::Count, {}, {}, 0});
        if (n > 0) details += (details.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(state_word(state));
    }
    double running = counts[DomainState::Running];
    root.perfdata.front().with(rules.running);
    root.perfdata.push_back({"vms", static_cast<double>(selected.vms.size()), Unit::Count, {}, {}, 0});
    summarize_objects(root, selected.total(), selection, details);
    // The number of running VMs is a fact about the host, not about one VM: it goes to the front.
    if (State running_state = rules.running.evaluate(running); running_state != State::Ok && !selected.vms.empty()) {
        root.state = running_state;
        root.text = std::to_string(counts[DomainState::Running]) + " VMs running is " +
                    std::string(state_name(running_state)) + "; " + root.text;
    }
    return root;
}

}  // namespace virtcheck
