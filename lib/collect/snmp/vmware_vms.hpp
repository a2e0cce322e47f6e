#pragma once
// check_vm_state in SNMP mode: ESXi's vmwVmTable rows as VMs, so that the same --expect
// rules and state defaults apply as over libvirt.
#include <vector>

#include "model/vm.hpp"
#include "collect/snmp/tables.hpp"

namespace virtcheck::snmp {

// "poweredOn", "powered on", "POWERED_ON" -> Running; "poweredOff"/"powered off" -> Shutoff;
// "suspended" -> Paused (saved, not running); anything else -> NoState.
model::VmState vmware_state(const std::string& text);

// Whether the agent is VMware's (it answers vmwProdName, 1.3.6.1.4.1.6876.1.1.0).
bool is_vmware(Session& session);

// VMs as model::Vm: the UUID identifies a VM when present (names can repeat), else the
// row index ("vmw-IDX").
std::vector<model::Vm> vmware_vms_as_model(const std::vector<VmwareVm>& vms);

}  // namespace virtcheck::snmp
