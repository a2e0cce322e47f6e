#include "evaluate/vms.hpp"

#include <algorithm>
#include <set>

namespace virtcheck {

std::string_view state_word(libvirt::DomainState state) {
    using libvirt::DomainState;
    switch (state) {
        case DomainState::Running: return "running";
        case DomainState::Blocked: return "blocked";
        case DomainState::Paused: return "paused";
        case DomainState::Shutdown: return "shutdown";
        case DomainState::Shutoff: return "shutoff";
        case DomainState::Crashed: return "crashed";
        case DomainState::PmSuspended: return "pmsuspended";
        case DomainState::NoState: break;
    }
    return "nostate";
}

SelectedVms select_vms(const std::vector<libvirt::DomainStats>& all, const Selection& selection, Result& root) {
    SelectedVms selected;
    auto& chosen = selected.vms;
    std::set<std::string> seen;
    for (const auto& vm : all)
        if (selection.selects(vm.name, vm.uuid)) {
            chosen.push_back(&vm);
            seen.insert(vm.name);
        }
    // libvirt lists VMs in no particular order; output should not change from run to run.
    std::stable_sort(chosen.begin(), chosen.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
    for (const auto& name : selection.named())
        if (!seen.count(name)) {
            root.add({State::Critical, selection.noun() + " " + name + " does not exist"});
            ++selected.missing;
        }
    return selected;
}

std::vector<libvirt::DomainStats> active_vms(const std::vector<libvirt::DomainStats>& all) {
    std::vector<libvirt::DomainStats> active;
    for (const auto& vm : all)
        if (vm.state == libvirt::DomainState::Running || vm.state == libvirt::DomainState::Blocked || vm.busy)
            active.push_back(vm);
    return active;
}

Result busy_result(const libvirt::DomainStats& vm) {
    return {State::Unknown, vm.name + " busy (a job holds the VM), no statistics"};
}

std::string counter_key(const libvirt::DomainStats& vm, const std::string& metric) {
    return vm.uuid + "/" + std::to_string(vm.id) + "/" + metric;
}

void summarize_vms(Result& root, std::size_t selected, const Selection& selection, const std::string& details,
                   const std::string& noun_override, const std::string& when_ok) {
    const std::size_t top = selection.top();
    root.summarizes_partials = true;
    const std::string noun = noun_override.empty() ? selection.noun() : noun_override;
    const std::string plural = noun + "s";
    if (selected == 0 && root.partials.empty()) {
        root.state = selection.no_match_state();
        root.text = "no " + noun + " matches the selection";
        return;
    }
    State worst_state = root.overall();
    std::vector<const Result*> worst;
    for (const auto& partial : root.partials)
        if (partial.overall() == worst_state) worst.push_back(&partial);
    std::string text;
    if (worst_state == State::Ok) {
        text = std::to_string(selected) + " " + (selected == 1 ? noun : plural) + " OK";
    } else {
        text = std::to_string(worst.size()) + " of " + std::to_string(selected) + " " +
               plural + " " + std::string(state_name(worst_state)) + ": ";
        for (std::size_t i = 0; i < worst.size() && i < top; ++i) text += (i ? ", " : "") + worst[i]->text;
        if (worst.size() > top) text += " (+" + std::to_string(worst.size() - top) + " more)";
    }
    if (worst_state == State::Ok && !when_ok.empty()) text += "; " + when_ok;
    if (!details.empty()) text += "; " + details;
    root.text = text;
}

}  // namespace virtcheck
