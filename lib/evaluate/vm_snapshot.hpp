#pragma once
// check_vm_snapshot: per VM, how many snapshots it has, how old the oldest is, and the space
// they take where the backend tells.
#include <vector>

#include "core/metric.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "model/facts.hpp"
#include "model/snapshot.hpp"

namespace virtcheck {

namespace vm_snapshot {
inline const Metric oldest{"oldest", Unit::Seconds, "age of each VM's oldest snapshot"};
inline const Metric snapshots{"snapshots", Unit::Count, "number of snapshots of each VM"};
inline const Metric size{"size", Unit::Bytes, "vSphere: space each VM's snapshots take, bytes", model::FactSnapshotSize};
inline const MetricTable metrics{&oldest, &snapshots, &size};
}  // namespace vm_snapshot

// `now`: seconds since the epoch, the clock the creation times are compared with.
Result evaluate_vm_snapshots(const std::vector<model::VmSnapshots>& vms, double now, const Selection& selection,
                             const ThresholdSet& thresholds);

}  // namespace virtcheck
