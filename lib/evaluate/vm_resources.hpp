#pragma once
// check_vm_memory, check_vm_disk and check_vm_net: per-VM (memory) and per-device (disk,
// interface) metrics, counters turned into rates through the state file or --interval.
#include <string>
#include <vector>

#include "collect/libvirt/libvirt.hpp"
#include "core/rate.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "core/threshold.hpp"

namespace virtcheck {

struct VmMemoryRules {
    Thresholds used_percent;  // -w/-c: guest memory in use, % of what the guest sees
    Thresholds used, rss, swap_in, swap_out, major_faults;
    State no_guest_stats = State::Unknown;  // a VM whose guest reports nothing
};

struct VmDiskRules {
    Thresholds fill;  // -w/-c: allocation in % of capacity (thin provisioning)
    Thresholds read, write, iops, latency, errors, physical;
};

struct VmNetRules {
    Thresholds traffic;  // -w/-c: rx + tx bytes/s
    Thresholds rx, tx, rx_packets, tx_packets, errors, drops;
};

Sample vm_memory_sample(const std::vector<libvirt::DomainStats>& vms, double time);
Sample vm_disk_sample(const std::vector<libvirt::DomainStats>& vms, double time);
Sample vm_net_sample(const std::vector<libvirt::DomainStats>& vms, double time);

Result evaluate_vm_memory(const std::vector<libvirt::DomainStats>& vms, const Rates& rates,
                          const Selection& selection, const VmMemoryRules& rules, const std::string& note);
Result evaluate_vm_disk(const std::vector<libvirt::DomainStats>& vms, const Rates& rates, const Selection& selection,
                        const VmDiskRules& rules, const std::string& note);
Result evaluate_vm_net(const std::vector<libvirt::DomainStats>& vms, const Rates& rates, const Selection& selection,
                       const VmNetRules& rules, const std::string& note);

}  // namespace virtcheck
