#pragma once
// check_datastore: storage pools: state, fill, free space, over-provisioning.
#include <vector>

#include "collect/libvirt/libvirt.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "core/threshold.hpp"

namespace virtcheck {

struct DatastoreRules {
    Thresholds used_percent;  // -w/-c: allocation, % of capacity
    Thresholds used, free;    // bytes; "-w 20GiB:" means free
    Thresholds provisioned;   // sum of volume capacities, % of pool capacity
};

Result evaluate_datastores(const std::vector<libvirt::PoolInfo>& pools, const Selection& selection,
                           const DatastoreRules& rules);

}  // namespace virtcheck
