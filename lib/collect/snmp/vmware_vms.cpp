#include "collect/snmp/vmware_vms.hpp"

#include <cctype>

namespace virtcheck::snmp {

model::VmState vmware_state(const std::string& text) {
    std::string word;
    for (unsigned char c : text)
        if (std::isalpha(c)) word += static_cast<char>(std::tolower(c));
    if (word == "poweredon" || word == "on") return model::VmState::Running;
    if (word == "poweredoff" || word == "off") return model::VmState::Shutoff;
    if (word == "suspended") return model::VmState::Paused;
    return model::VmState::NoState;
}

bool is_vmware(Session& session) {
    auto answer = session.get({Oid{1, 3, 6, 1, 4, 1, 6876, 1, 1, 0}});
    return !answer.empty() && answer[0].value.type == Value::Type::OctetString;
}

std::vector<model::Vm> vmware_vms_as_model(const std::vector<VmwareVm>& vms) {
    std::vector<model::Vm> domains;
    for (const auto& vm : vms) {
        model::Vm d;
        d.name = vm.name;
        d.uuid = vm.uuid.empty() ? "vmw-" + vm.index : vm.uuid;
        d.state = vmware_state(vm.state);
        if (vm.cpus) d.vcpus = static_cast<unsigned>(*vm.cpus);
        if (vm.memory_mb) d.memory.maximum_kib = *vm.memory_mb * 1024;
        d.state_text = vm.state;
        d.guest = model::Guest{vm.guest_os, vm.guest_state};  // the table has these columns, empty or not
        domains.push_back(std::move(d));
    }
    return domains;
}

}  // namespace virtcheck::snmp
