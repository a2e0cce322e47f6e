#include "evaluate/vm_snapshot.hpp"

#include <algorithm>

#include "evaluate/measurements.hpp"
#include "evaluate/objects.hpp"

namespace virtcheck {
namespace {

using libvirt::Snapshot;
using libvirt::VmSnapshots;

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

Result evaluate_vm(const VmSnapshots& vm, double now, const SnapshotRules& rules) {
    const Snapshot* oldest = oldest_of(vm);
    auto age = age_of(oldest, now);
    double count = static_cast<double>(vm.snapshots.size());
    Result result = measure_object(vm.name, vm.name,
                                   {{"oldest", age, Unit::Seconds, rules.oldest},
                                    {"snapshots", count, Unit::Count, rules.count}});
    // Names the figures itself: "web1 3 snapshots, oldest 41d (pre-upgrade)".
    result.text = vm.name + " " + (count == 0 ? "no" : human_value(count, Unit::Count)) +
                  (count == 1 ? " snapshot" : " snapshots");
    if (oldest) result.text += ", oldest " + human_value(*age, Unit::Seconds) + " (" + oldest->name + ")";
    else if (count > 0) result.text += ", creation times unknown";
    return result;
}

}  // namespace

Result evaluate_vm_snapshots(const std::vector<VmSnapshots>& vms, double now, const Selection& selection,
                             const SnapshotRules& rules) {
    Result root{State::Ok, ""};
    auto selected = select_objects(vms, selection, root);
    std::size_t total = 0;
    std::vector<std::pair<double, std::string>> oldest;
    for (const VmSnapshots* vm : selected.objects) {
        root.add(evaluate_vm(*vm, now, rules));
        total += vm->snapshots.size();
        if (auto age = age_of(oldest_of(*vm), now)) oldest.emplace_back(*age, vm->name);
    }
    std::stable_sort(oldest.begin(), oldest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string when_ok;
    for (std::size_t i = 0; i < oldest.size() && i < selection.top(); ++i)
        when_ok += (i ? ", " : "oldest: ") + oldest[i].second + " " + human_value(oldest[i].first, Unit::Seconds);
    std::string details = selected.objects.empty() ? "" : std::to_string(total) + (total == 1 ? " snapshot" : " snapshots");
    summarize_objects(root, selected.total(), selection, details, "", when_ok);
    return root;
}

}  // namespace virtcheck
