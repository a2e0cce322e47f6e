#include "evaluate/vm_state.hpp"

#include <array>
#include <map>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "evaluate/objects.hpp"
#include "evaluate/vms.hpp"

namespace virtcheck {
namespace {

using model::VmState;

constexpr std::array all_states{model::VmState::Running, model::VmState::Blocked,  model::VmState::Paused,
                                model::VmState::Shutdown, model::VmState::Shutoff, model::VmState::Crashed,
                                model::VmState::PmSuspended};

// virDomainPausedReason values (libvirt-domain.h) that mean the guest is in trouble.
constexpr int paused_io_error = 5;  // VIR_DOMAIN_PAUSED_IOERROR: a disk failed or filled up
constexpr int paused_crashed = 10;  // VIR_DOMAIN_PAUSED_CRASHED: the guest crashed

bool paused_by_failure(const model::Vm& vm) {
    return vm.state == model::VmState::Paused && (vm.reason == paused_io_error || vm.reason == paused_crashed);
}

std::string describe(const model::Vm& vm) {
    std::string text = vm.name + " " + std::string(state_word(vm.state));
    if (vm.state == model::VmState::Paused && vm.reason == paused_io_error) text += " (I/O error)";
    if (vm.state == model::VmState::Paused && vm.reason == paused_crashed) text += " (guest crashed)";
    return text;
}

Result default_rule(const model::Vm& vm,
                    const std::function<std::optional<bool>(const model::Vm&)>& autostart) {
    switch (vm.state) {
        case model::VmState::Crashed: return {State::Critical, describe(vm)};
        case model::VmState::NoState: return {State::Unknown, describe(vm) + " (the hypervisor gives no state)"};
        case model::VmState::Paused:
            return {paused_by_failure(vm) ? State::Critical : State::Warning, describe(vm)};
        case model::VmState::Shutoff:
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

namespace {

// Long output that tells VMs of one name apart (ESXi) and says what the guest runs:
// "uuid 564d..., guest Ubuntu Linux (64-bit), tools guestToolsRunning".
std::string guest_text(const model::Vm& vm) {
    std::string text = "uuid " + vm.uuid;
    if (vm.state == VmState::NoState && !vm.state_text.empty())
        text += ", power state '" + vm.state_text + "' not understood";
    if (!vm.guest->os.empty() || !vm.guest->tools.empty())
        text += ", guest " + (vm.guest->os.empty() ? "OS unknown" : vm.guest->os) + ", tools " +
                (vm.guest->tools.empty() ? "state unknown" : vm.guest->tools);
    return text;
}

// What a management server says beyond the power state (vSphere): a VM it lost track of,
// guest tools that stopped, disks that wait for consolidation, a question nobody answered
// (the VM is stuck until someone does).
void judge_runtime(Result& result, const model::Vm& vm) {
    const model::VmRuntime& runtime = *vm.runtime;
    auto finding = [&](State state, const std::string& text) {
        result.state = worst(result.state, state);
        result.text += ", " + text;
    };
    const std::string& connection = runtime.connection;
    if (connection == "orphaned" || connection == "inaccessible" || connection == "invalid")
        finding(State::Critical, connection);
    else if (connection == "disconnected")
        finding(State::Unknown, "disconnected (its host is not connected: the state may be stale)");
    if (vm.state == VmState::Running && runtime.tools_running == false) finding(State::Warning, "guest tools not running");
    if (runtime.consolidation_needed.value_or(false)) finding(State::Warning, "disk consolidation needed");
    if (!runtime.question.empty())
        finding(State::Critical, "waiting for an answer to '" + std::string(cut_utf8(runtime.question, 120)) + "'");
}

Result judge(const model::Vm& vm, const std::vector<StateRule>& rules,
             const std::function<std::optional<bool>(const model::Vm&)>& autostart) {
    for (const auto& rule : rules)
        if (std::regex_search(vm.name, rule.pattern)) {
            if (rule.allowed.count(vm.state)) return {State::Ok, describe(vm)};
            return {rule.otherwise, describe(vm) + " (expected " + rule.text.substr(rule.text.rfind('=') + 1) + ")"};
        }
    return default_rule(vm, autostart);
}

}  // namespace

Result evaluate_vm_state(const std::vector<model::Vm>& all, const Selection& selection,
                         const std::vector<StateRule>& rules, const ThresholdSet& thresholds,
                         const std::function<std::optional<bool>(const model::Vm&)>& autostart) {
    PerObject<model::Vm> vms(all, selection);
    std::map<VmState, unsigned> counts;
    for (const auto* vm : vms.selected()) {
        ++counts[vm->state];
        Result partial = judge(*vm, rules, autostart);
        if (vm->runtime) judge_runtime(partial, *vm);
        if (vm->guest) partial.add({State::Ok, guest_text(*vm)});  // long output only
        vms.add(Row{std::move(partial)});
    }

    std::string details;
    auto& perfdata = vms.root().perfdata;
    for (auto state : all_states) {
        unsigned n = counts[state];
        perfdata.push_back({std::string(state_word(state)), n, Unit::Count, {}, {}, 0});
        if (n > 0) details += (details.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(state_word(state));
    }
    const Thresholds& running_thresholds = thresholds[vm_state::running];
    perfdata.front().with(running_thresholds);
    perfdata.push_back({"vms", static_cast<double>(vms.selected().size()), Unit::Count, {}, {}, 0});
    bool any = !vms.selected().empty();
    Result root = vms.finish(details);
    // The number of running VMs is a fact about the host, not about one VM: it goes to the front.
    double running = counts[VmState::Running];
    if (State state = running_thresholds.evaluate(running); state != State::Ok && any) {
        root.state = state;
        root.text = std::to_string(counts[VmState::Running]) + " VMs running is " + std::string(state_name(state)) +
                    " - " + root.text;
    }
    return root;
}

}  // namespace virtcheck
