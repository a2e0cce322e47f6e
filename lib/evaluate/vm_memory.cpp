#include <algorithm>

#include "evaluate/measurements.hpp"
#include "evaluate/vm_resources.hpp"
#include "evaluate/vms.hpp"

namespace virtcheck {
namespace {

constexpr double KiB = 1024;

void count(Sample& sample, const libvirt::DomainStats& vm, const char* metric, const libvirt::Counter& value,
           double scale = 1) {
    if (value) sample.counters[counter_key(vm, metric)] = static_cast<double>(*value) * scale;
}

}  // namespace

Sample vm_memory_sample(const std::vector<libvirt::DomainStats>& vms, double time) {
    Sample sample{time, {}};
    for (const auto& vm : vms) {
        if (vm.busy || vm.id < 0) continue;
        count(sample, vm, "swap_in", vm.balloon.swap_in_kib, KiB);
        count(sample, vm, "swap_out", vm.balloon.swap_out_kib, KiB);
        count(sample, vm, "major_faults", vm.balloon.major_faults);
    }
    return sample;
}

Result evaluate_vm_memory(const std::vector<libvirt::DomainStats>& all, const Rates& rates,
                          const Selection& selection, const VmMemoryRules& rules, const std::string& note) {
    Result root;
    auto active = active_vms(all);
    auto selected = select_vms(active, selection, root);
    std::vector<std::pair<double, Result>> rows;
    for (const auto* vm : selected.vms) {
        if (vm->busy) {
            rows.push_back({-1, busy_result(*vm)});
            continue;
        }
        const auto& b = vm->balloon;
        // "usable" (MemAvailable) counts reclaimable cache as free; older guests give only "unused".
        auto free_kib = b.usable_kib ? b.usable_kib : b.unused_kib;
        std::optional<double> used, percent, rss;
        if (b.available_kib && *b.available_kib > 0 && free_kib) {
            double available = static_cast<double>(*b.available_kib) * KiB;
            used = std::max(0.0, available - static_cast<double>(*free_kib) * KiB);
            percent = *used / available * 100;
        }
        if (b.rss_kib && b.current_kib && *b.current_kib > 0)
            rss = static_cast<double>(*b.rss_kib) / static_cast<double>(*b.current_kib) * 100;
        auto rate = [&](const char* metric) { return rates.per_second(counter_key(*vm, metric)); };
        std::string detail = used ? "(" + human_value(*used, Unit::Bytes) + " of " +
                                        human_value(static_cast<double>(*b.available_kib) * KiB, Unit::Bytes) + ")"
                                  : "";
        Result row = measure_object(vm->name, vm->name,
                                    {{"used_percent", percent, Unit::Percent, rules.used_percent, 100, true},
                                     {"used", used, Unit::Bytes, rules.used},
                                     {"rss", rss, Unit::Percent, rules.rss},
                                     {"swap_in", rate("swap_in"), Unit::BytesPerSecond, rules.swap_in},
                                     {"swap_out", rate("swap_out"), Unit::BytesPerSecond, rules.swap_out},
                                     {"major_faults", rate("major_faults"), Unit::PerSecond, rules.major_faults}},
                                    detail);
        if (!percent) {
            row.state = worst(row.state, rules.no_guest_stats);
            row.text = vm->name + ": no guest memory statistics (needs a balloon driver and a stats period)";
        }
        rows.push_back({percent.value_or(-1), std::move(row)});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string top;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i < selection.top() && rows[i].first >= 0) top += (top.empty() ? "top: " : ", ") + rows[i].second.text;
        root.add(std::move(rows[i].second));
    }
    root.perfdata.push_back({"vms", static_cast<double>(selected.vms.size()), Unit::Count, {}, {}, 0});
    summarize_objects(root, selected.total(), selection, note, "", top);
    return root;
}

}  // namespace virtcheck
