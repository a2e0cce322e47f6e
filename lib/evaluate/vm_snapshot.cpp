#include "evaluate/vm_snapshot.hpp"

#include <algorithm>

#include "evaluate/measurements.hpp"
#include "evaluate/objects.hpp"

namespace virtcheck {
namespace {

using model::Snapshot;
using model::VmSnapshots;

// Creation times come from the hypervisor: one before 1970 or more than a year after `now`
// is no clock skew but a broken or hostile answer, and must not become an age.
constexpr double year = 366 * 86400.0;
bool plausible(const Snapshot& snapshot, double now) {
    return snapshot.created && *snapshot.created >= 0 && static_cast<double>(*snapshot.created) <= now + year;
}

// The snapshot with the earliest plausible creation time, or null when none has one.
const Snapshot* oldest_of(const VmSnapshots& vm, double now) {
    const Snapshot* oldest = nullptr;
    for (const auto& snapshot : vm.snapshots)
        if (plausible(snapshot, now) && (!oldest || *snapshot.created < *oldest->created)) oldest = &snapshot;
    return oldest;
}

// Age in seconds; a creation time in the future (clocks apart) counts as new.
std::optional<double> age_of(const Snapshot* snapshot, double now) {
    if (!snapshot) return std::nullopt;
    return std::max(0.0, now - static_cast<double>(*snapshot->created));
}

Row evaluate_vm(const VmSnapshots& vm, double now, const ThresholdSet& thresholds) {
    const Snapshot* oldest = oldest_of(vm, now);
    auto age = age_of(oldest, now);
    double count = static_cast<double>(vm.snapshots.size());
    // Names the figures itself: "web1 3 snapshots, oldest 41d (pre-upgrade)".
    Line line{vm.name};
    line.figures.push_back((count == 0 ? "no" : human_value(count, Unit::Count)) + (count == 1 ? " snapshot" : " snapshots"));
    if (oldest) line.figures.push_back("oldest " + human_value(*age, Unit::Seconds) + " (" + oldest->name + ")");
    else if (count > 0) line.figures.push_back("creation times unknown");
    std::optional<double> size;
    if (vm.size_bytes) size = static_cast<double>(*vm.size_bytes);
    if (size && count > 0) line.figures.push_back(human_value(*size, Unit::Bytes));
    for (const auto& snapshot : vm.snapshots)
        if (snapshot.created && !plausible(snapshot, now))
            line.remarks.push_back("snapshot " + snapshot.name + " has an impossible creation time (" +
                                   std::to_string(*snapshot.created) + ")");
    Result result = measure_object(vm.name, line, thresholds, {{vm_snapshot::oldest, age}, {vm_snapshot::snapshots, count}, {vm_snapshot::size, size}});
    // The figures name what is wrong already.
    result.text = line.text();
    if (!line.remarks.empty()) result.state = worst(result.state, State::Unknown);
    std::string brief = age ? vm.name + " " + human_value(*age, Unit::Seconds) : "";
    return {std::move(result), age, brief};
}

}  // namespace

Result evaluate_vm_snapshots(const std::vector<VmSnapshots>& vms, double now, const Selection& selection,
                             const ThresholdSet& thresholds) {
    PerObject<VmSnapshots> selected(vms, selection, {.top_label = "oldest"});
    std::size_t total = 0;
    for (const VmSnapshots* vm : selected.selected()) {
        selected.add(evaluate_vm(*vm, now, thresholds));
        total += vm->snapshots.size();
    }
    std::string details =
        selected.selected().empty() ? "" : std::to_string(total) + (total == 1 ? " snapshot" : " snapshots");
    return selected.finish(details);
}

}  // namespace virtcheck
