// check_vm_state: is every virtual machine in a state it should be in? Through libvirt, or
// over SNMP from ESXi's vmwVmTable.
#include "collect/libvirt/options.hpp"
#include "collect/snmp/options.hpp"
#include "collect/snmp/vmware_vms.hpp"
#include "core/errors.hpp"
#include "core/runtime.hpp"
#include "evaluate/vm_state.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_STATE", "State of each virtual machine: crashed, paused, shut off, against expected states",
                  {"number of running VMs", Unit::Count}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    snmp::SnmpOptions snmp_options{options, connection.auth_file()};
    Selection selection{options, "VM"};
    std::vector<std::string> expect, expect_warn;
    options.add_option("--expect", expect, "CRITICAL unless VMs matching REGEX are in one of these states (repeatable)")
        ->option_text("REGEX=STATE[,STATE...]");
    options.add_option("--expect-warn", expect_warn, "As --expect, but WARNING (repeatable)")
        ->option_text("REGEX=STATE[,STATE...]");

    return plugin.run(argc, argv, [&](Run& run) {
        selection.prepare();
        VmStateRules rules{parse_state_rules(expect, expect_warn), run.thresholds()};
        if (snmp_options.enabled()) {
            auto session = snmp::open(snmp_options.session(), run);
            auto rows = session->walk(snmp::vmw_vm_entry);
            // An ESXi host without VMs has an empty table; any other agent has none at all.
            if (rows.empty() && !snmp::is_vmware(*session))
                throw CollectError(CollectError::Kind::Failed,
                                   "the SNMP agent has no vmwVmTable (1.3.6.1.4.1.6876.2.1.1); not an ESXi host?");
            auto vms = snmp::vmware_vms_as_domains(snmp::read_vmware_vms(rows));
            // ESXi gives no autostart over SNMP: a powered-off VM is judged by --expect alone.
            return evaluate_vm_state(vms, selection, rules, [](const auto&) { return std::optional<bool>(); });
        }
        auto hypervisor = libvirt::open(connection.uri(), run);
        auto vms = hypervisor->domain_stats(libvirt::StatState, false);
        return evaluate_vm_state(vms, selection, rules, [&](const auto& vm) { return hypervisor->autostart(vm.uuid); });
    });
}
