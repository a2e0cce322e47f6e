#include "evaluate/vms.hpp"

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
    auto selected = select_objects(all, selection, root);
    return {std::move(selected.objects), selected.missing};
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

}  // namespace virtcheck
