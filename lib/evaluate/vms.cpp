#include "evaluate/vms.hpp"

namespace virtcheck {

std::string_view state_word(model::VmState state) {
    using model::VmState;
    switch (state) {
        case VmState::Running: return "running";
        case VmState::Blocked: return "blocked";
        case VmState::Paused: return "paused";
        case VmState::Shutdown: return "shutdown";
        case VmState::Shutoff: return "shutoff";
        case VmState::Crashed: return "crashed";
        case VmState::PmSuspended: return "pmsuspended";
        case VmState::NoState: break;
    }
    return "nostate";
}

std::vector<model::Vm> active_vms(const std::vector<model::Vm>& all) {
    std::vector<model::Vm> active;
    for (const auto& vm : all)
        if (vm.state == model::VmState::Running || vm.state == model::VmState::Blocked || vm.busy)
            active.push_back(vm);
    return active;
}

Row busy_row(const model::Vm& vm) {
    return {{State::Unknown, vm.name + " busy (a job holds the VM), no statistics"}, std::nullopt, "", false};
}

std::string counter_key(const model::Vm& vm, const std::string& metric) {
    return vm.uuid + "/" + std::to_string(vm.id) + "/" + metric;
}

}  // namespace virtcheck
