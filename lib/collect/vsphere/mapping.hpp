#pragma once
// What the vSphere module read, in the model's terms. Pure functions, so that every
// conversion (units, per-vCPU percentages, states) is tested on made-up data.
#include <cstdint>
#include <string>
#include <vector>

#include "collect/vsphere/vsphere.hpp"
#include "model/datastore.hpp"
#include "model/host.hpp"
#include "model/hypervisor.hpp"
#include "model/snapshot.hpp"
#include "model/vm.hpp"

namespace virtcheck::vsphere {

// The performance counters ("group.name.rollup") the model::Stats groups need, and whether
// they are read per device (disks, NICs) as well.
std::vector<std::string> perf_counters(unsigned stats);
bool per_device(unsigned stats);
// The VM properties the model::Stats groups need: fewer bytes for the server to make and for
// us to parse than everything.
VmDetails vm_details(unsigned stats);

// poweredOn -> Running, poweredOff -> Shutoff, suspended -> Paused (as over SNMP).
model::VmState power_state(const std::string& text);

// `now`: Unix seconds, for uptimes from boot times.
model::HypervisorStatus hypervisor_status(const About& about, const std::vector<Host>& hosts, const std::string& url,
                                          double seconds, std::int64_t now);

// VMs (templates left out) with the figures of `stats` (read with vm_details(stats)) and
// `perf` for the powered-on ones.
std::vector<model::Vm> vms_as_model(const std::vector<Vm>& vms, const PerfResult& perf, unsigned stats,
                                    bool running_only);

// Each host with what its powered-on VMs were given.
std::vector<model::HostUse> host_uses(const std::vector<Host>& hosts, const std::vector<Vm>& vms);

std::vector<model::Datastore> datastores_as_model(const std::vector<Datastore>& datastores);

// Each VM's snapshot tree, flattened, with the space its snapshots take.
std::vector<model::VmSnapshots> snapshots_as_model(const std::vector<Vm>& vms);

}  // namespace virtcheck::vsphere
