#pragma once
// check_datastore: datastores (storage pools): state, fill, free space, over-provisioning,
// maintenance mode.
#include <vector>

#include "core/metric.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "model/datastore.hpp"
#include "model/facts.hpp"

namespace virtcheck {

namespace datastore {
inline const Metric used_percent{"used_percent", Unit::Percent, "allocation of each pool, % of its capacity"};
inline const Metric free{"free", Unit::Bytes, "free space of each pool, bytes (e.g. -w free=20GiB: or -w 20GiB:)"};
inline const Metric used{"used", Unit::Bytes, "allocated space of each pool, bytes"};
inline const Metric provisioned{"provisioned", Unit::Percent,
                                "capacity of all volumes, % of the pool's capacity (thin pools; vSphere: used + "
                                "uncommitted)",
                                model::FactProvisioning};
inline const MetricTable metrics{{&used_percent, &free, &used, &provisioned}, &free};
}  // namespace datastore

Result evaluate_datastores(const std::vector<model::Datastore>& pools, const Selection& selection,
                           const ThresholdSet& thresholds);

}  // namespace virtcheck
