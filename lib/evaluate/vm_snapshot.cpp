#include "evaluate/vm_snapshot.hpp"

#include <algorithm>

#include "evaluate/measurements.hpp"
#include "evaluate/objects.hpp"

namespace virtcheck {
namespace {

using model::Snapshot;
using model::VmSnapshots;

// The snapshot with the earliest creation time, or null when none has one.
const Snapshot* oldest_of(const VmSnapshots& vm) {
    const Snapshot* oldest = nullptr;
    for (const auto& snapshot : vm.snapshots)
        if (snapshot.created && (!oldest || *snapshot.created < *oldest->created)) oldest = &snapshot;
    return oldest;
}

// Age in seconds; a creation time in the future (clocks apart) counts as new.
std::optional<double> age_of(const Snapshot* snapshot, double now) {
    if (!snapshot) return std::nullopt;
    return std::max(0.0, now - static_cast<double>(*snapshot->created));
}

Row evaluate_vm(const VmSnapshots& vm, double now, const ThresholdSet& thresholds) {
    const Snapshot* oldest = oldest_of(vm);
    auto age = age_of(oldest, now);
    double count = static_cast<double>(vm.snapshots.size());
    // Names the figures itself: "web1 3 snapshots, oldest 41d (pre-upgrade)".
    Line line{vm.name};
    line.figures.push_back((count == 0 ? "no" : human_value(count, Unit::Count)) + (count == 1 ? " snapshot" : " snapshots"));
    if (oldest) line.figures.push_back("oldest " + human_value(*age, Unit::Seconds) + " (" + oldest->name + ")");
    else if (count > 0) line.figures.push_back("creation times unknown");
    Result result = measure_object(vm.name, line, thresholds, {{vm_snapshot::oldest, age}, {vm_snapshot::snapshots, count}});
    // The figures name what is wrong already.
    result.text = line.text();
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
