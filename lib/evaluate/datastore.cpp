#include "evaluate/datastore.hpp"

#include "evaluate/measurements.hpp"
#include "evaluate/objects.hpp"

namespace virtcheck {
namespace {

using model::Datastore;
using model::DatastoreState;

struct Figures {
    std::optional<double> used_percent, used, free, capacity, provisioned, volumes;
};

// Figures only for a pool that is up and reports a capacity: an inactive pool reads 0 bytes.
Figures figures_of(const Datastore& pool) {
    Figures f;
    bool up = pool.state == DatastoreState::Running || pool.state == DatastoreState::Degraded;
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

std::string maintenance_words(const std::string& mode) {
    if (mode == "inMaintenance") return "in maintenance mode";
    if (mode == "enteringMaintenance") return "entering maintenance mode";
    return "in maintenance mode " + mode;
}

// Why a pool has no figures, when it is not for a state of its own: "reports no capacity ...".
Line line_of(const Datastore& pool, const Figures& f) {
    Line line{pool.name};
    if (pool.state == DatastoreState::Degraded) line.qualifiers.push_back("degraded");
    if (!pool.maintenance.empty()) line.qualifiers.push_back(maintenance_words(pool.maintenance));
    if (f.used_percent)
        line.detail = "used (" + human_value(*f.used, Unit::Bytes) + " of " + human_value(*f.capacity, Unit::Bytes) +
                      ", " + human_value(*f.free, Unit::Bytes) + " free" +
                      (f.provisioned ? ", " + human_value(*f.provisioned, Unit::Percent) + " provisioned" : "") + ")";
    return line;
}

Row evaluate_pool(const Datastore& pool, const Selection& selection, const ThresholdSet& thresholds) {
    Figures f = figures_of(pool);
    Result result = measure_object(pool.name, line_of(pool, f), thresholds,
                                   {{datastore::used_percent, f.used_percent, 100, true},
                                    {datastore::used, f.used, f.capacity},
                                    {datastore::free, f.free, f.capacity},
                                    {"capacity", Unit::Bytes, f.capacity},
                                    {datastore::provisioned, f.provisioned},
                                    {"volumes", Unit::Count, f.volumes}});
    auto replace = [&](State state, std::string text) {
        result.state = worst(result.state, state);
        result.text = std::move(text);
    };
    if (!pool.problem.empty()) {
        result.state = State::Unknown;
        result.text = pool.name + ": " + pool.problem;
    } else if (pool.state == DatastoreState::Inactive) {
        replace(inactive_state(selection, pool.name, pool.autostart), pool.name + " inactive" + autostart_note(pool.autostart));
    } else if (pool.state == DatastoreState::Building) {
        replace(State::Warning, pool.name + " being built");
    } else if (pool.state == DatastoreState::Inaccessible) {
        replace(State::Critical, pool.name + " inaccessible");
    } else if (!f.capacity) {
        Line line = line_of(pool, f);
        line.figures.push_back("reports no capacity (the driver gives no sizes for this pool)");
        replace(State::Unknown, line.text());
    }
    if (pool.state == DatastoreState::Degraded) result.state = worst(result.state, State::Warning);
    // VMs cannot use a datastore in maintenance: worth a look, not an outage (it is planned).
    if (!pool.maintenance.empty()) result.state = worst(result.state, State::Warning);
    std::string brief = f.used_percent ? pool.name + " " + human_value(*f.used_percent, Unit::Percent) : "";
    return {std::move(result), f.used_percent, brief};
}

}  // namespace

Result evaluate_datastores(const std::vector<Datastore>& pools, const Selection& selection,
                           const ThresholdSet& thresholds) {
    PerObject<Datastore> selected(pools, selection, {.top_label = "fullest"});
    for (const Datastore* pool : selected.selected()) selected.add(evaluate_pool(*pool, selection, thresholds));
    return selected.finish();
}

}  // namespace virtcheck
