#include "collect/snmp/vmware_vms.hpp"

#include <cctype>

namespace virtcheck::snmp {

libvirt::DomainState vmware_state(const std::string& text) {
    std::string word;
    for (unsigned char c : text)
        if (std::isalpha(c)) word += static_cast<char>(std::tolower(c));
    if (word == "poweredon" || word == "on") return libvirt::DomainState::Running;
    if (word == "poweredoff" || word == "off") return libvirt::DomainState::Shutoff;
    if (word == "suspended") return libvirt::DomainState::Paused;
    return libvirt::DomainState::NoState;
}

bool is_vmware(Session& session) {
    auto answer = session.get({Oid{1, 3, 6, 1, 4, 1, 6876, 1, 1, 0}});
    return !answer.empty() && answer[0].value.type == Value::Type::OctetString;
}

std::vector<libvirt::DomainStats> vmware_vms_as_domains(const std::vector<VmwareVm>& vms) {
    std::vector<libvirt::DomainStats> domains;
    for (const auto& vm : vms) {
        libvirt::DomainStats d;
        d.name = vm.name;
        d.uuid = vm.uuid.empty() ? "vmw-" + vm.index : vm.uuid;
        d.state = vmware_state(vm.state);
        if (vm.cpus) d.vcpus = static_cast<unsigned>(*vm.cpus);
        if (vm.memory_mb) d.balloon.maximum_kib = *vm.memory_mb * 1024;
        // Long output tells VMs of the same name apart, and says what a state text was.
        d.guest = "uuid " + d.uuid;
        if (d.state == libvirt::DomainState::NoState) d.guest += ", power state '" + vm.state + "' not understood";
        if (!vm.guest_os.empty() || !vm.guest_state.empty())
            d.guest += ", guest " + (vm.guest_os.empty() ? "OS unknown" : vm.guest_os) + ", tools " +
                       (vm.guest_state.empty() ? "state unknown" : vm.guest_state);
        domains.push_back(std::move(d));
    }
    return domains;
}

}  // namespace virtcheck::snmp
