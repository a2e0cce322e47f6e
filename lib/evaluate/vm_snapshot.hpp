#pragma once
// check_vm_snapshot: per VM, how many snapshots it has and how old the oldest is.
#include <vector>

#include "collect/libvirt/libvirt.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "core/threshold.hpp"

namespace virtcheck {

struct SnapshotRules {
    Thresholds oldest;  // -w/-c: age of the oldest snapshot, seconds
    Thresholds count;   // snapshots per VM
};

// `now`: seconds since the epoch, the clock the creation times are compared with.
Result evaluate_vm_snapshots(const std::vector<libvirt::VmSnapshots>& vms, double now, const Selection& selection,
                             const SnapshotRules& rules);

}  // namespace virtcheck
