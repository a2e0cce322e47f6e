#include "core/metric.hpp"

namespace virtcheck {

MetricTable::MetricTable(std::initializer_list<const Metric*> metrics, const Metric* bytes_metric)
    : metrics_(metrics), bytes_metric_(bytes_metric) {}

const Metric* MetricTable::find(const std::string& name) const {
    for (const Metric* metric : metrics_)
        if (metric->name == name) return metric;
    return nullptr;
}

const Thresholds& ThresholdSet::operator[](const Metric& metric) const {
    static const Thresholds none;
    auto it = parsed_.find(&metric);
    return it == parsed_.end() ? none : it->second;
}

void ThresholdSet::set(const Metric& metric, Thresholds thresholds, bool by_user) {
    parsed_[&metric] = std::move(thresholds);
    if (by_user) given_.insert(&metric);
}

}  // namespace virtcheck
