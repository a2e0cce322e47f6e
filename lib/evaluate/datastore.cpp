#include "evaluate/datastore.hpp"

#include <algorithm>

#include "evaluate/measurements.hpp"
#include "evaluate/objects.hpp"

namespace virtcheck {
namespace {

using libvirt::PoolInfo;
using libvirt::PoolState;

struct PoolFigures {
    std::optional<double> used_percent, used, free, capacity, provisioned, volumes;
};

// Figures only for a pool that is up and reports a capacity: an inactive pool reads 0 bytes.
PoolFigures figures_of(const PoolInfo& pool) {
    PoolFigures f;
    bool up = pool.state == PoolState::Running || pool.state == PoolState::Degraded;
    if (!up || pool.capacity == 0 || !pool.problem.empty()) return f;
    double capacity = static_cast<double>(pool.capacity);
    f.capacity = capacity;
    f.used = static_cast<double>(pool.allocation);
    f.free = static_cast<double>(pool.available);
    f.used_percent = *f.used / capacity * 100;
    if (pool.volume_capacity) f.provisioned = static_cast<double>(*pool.volume_capacity) / capacity * 100;
    if (pool.volumes) f.volumes = *pool.volumes;
    return f;
}

Result evaluate_pool(const PoolInfo& pool, const Selection& selection, const DatastoreRules& rules) {
    PoolFigures f = figures_of(pool);
    std::string detail;
    if (f.used_percent)
        detail = "used (" + human_value(*f.used, Unit::Bytes) + " of " + human_value(*f.capacity, Unit::Bytes) + ", " +
                 human_value(*f.free, Unit::Bytes) + " free" +
                 (f.provisioned ? ", " + human_value(*f.provisioned, Unit::Percent) + " provisioned" : "") + ")";
    Result result = measure_object(pool.name, pool.name,
                                   {{"used_percent", f.used_percent, Unit::Percent, rules.used_percent, 100, true},
                                    {"used", f.used, Unit::Bytes, rules.used, f.capacity},
                                    {"free", f.free, Unit::Bytes, rules.free, f.capacity},
                                    {"capacity", f.capacity, Unit::Bytes},
                                    {"provisioned", f.provisioned, Unit::Percent, rules.provisioned},
                                    {"volumes", f.volumes, Unit::Count}},
                                   detail);
    if (!pool.problem.empty()) {
        result.state = State::Unknown;
        result.text = pool.name + ": " + pool.problem;
        return result;
    }
    switch (pool.state) {
        case PoolState::Running:
        case PoolState::Degraded:
            if (!f.capacity) {
                result.state = worst(result.state, State::Unknown);
                result.text = pool.name + " reports no capacity (the driver gives no sizes for this pool)";
            }
            if (pool.state == PoolState::Degraded) {
                result.state = worst(result.state, State::Warning);
                result.text.insert(pool.name.size(), " degraded,");
            }
            break;
        case PoolState::Inactive:
            result.state = inactive_state(selection, pool.name, pool.autostart);
            result.text = pool.name + " inactive" + autostart_note(pool.autostart);
            break;
        case PoolState::Building:
            result.state = State::Warning;
            result.text = pool.name + " being built";
            break;
        case PoolState::Inaccessible:
            result.state = State::Critical;
            result.text = pool.name + " inaccessible";
            break;
    }
    return result;
}

}  // namespace

Result evaluate_datastores(const std::vector<PoolInfo>& pools, const Selection& selection,
                           const DatastoreRules& rules) {
    Result root{State::Ok, ""};
    auto selected = select_objects(pools, selection, root);
    std::vector<std::pair<double, std::string>> fullest;
    for (const PoolInfo* pool : selected.objects) {
        root.add(evaluate_pool(*pool, selection, rules));
        if (auto percent = figures_of(*pool).used_percent) fullest.emplace_back(*percent, pool->name);
    }
    std::stable_sort(fullest.begin(), fullest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string when_ok;
    for (std::size_t i = 0; i < fullest.size() && i < selection.top(); ++i)
        when_ok += (i ? ", " : "fullest: ") + fullest[i].second + " " + human_value(fullest[i].first, Unit::Percent);
    summarize_objects(root, selected.total(), selection, "", "", when_ok);
    return root;
}

}  // namespace virtcheck
