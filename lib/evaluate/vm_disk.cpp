#include <algorithm>

#include "evaluate/measurements.hpp"
#include "evaluate/vm_resources.hpp"
#include "evaluate/vms.hpp"

namespace virtcheck {
namespace {

std::string disk_key(const libvirt::DomainStats& vm, const libvirt::BlockStats& disk, const char* metric) {
    return counter_key(vm, "disk/" + disk.name + "/" + metric);
}

}  // namespace

Sample vm_disk_sample(const std::vector<libvirt::DomainStats>& vms, double time) {
    Sample sample{time, {}};
    for (const auto& vm : vms) {
        if (vm.busy || vm.id < 0) continue;
        for (const auto& disk : vm.blocks) {
            const std::pair<const char*, const libvirt::Counter*> counters[] = {
                {"rd_bytes", &disk.read_bytes}, {"wr_bytes", &disk.write_bytes}, {"rd_reqs", &disk.read_requests},
                {"wr_reqs", &disk.write_requests}, {"rd_ns", &disk.read_ns}, {"wr_ns", &disk.write_ns},
                {"errors", &disk.errors}};
            for (const auto& [metric, value] : counters)
                if (*value) sample.counters[disk_key(vm, disk, metric)] = static_cast<double>(**value);
        }
    }
    return sample;
}

Result evaluate_vm_disk(const std::vector<libvirt::DomainStats>& all, const Rates& rates, const Selection& selection,
                        const VmDiskRules& rules, const std::string& note) {
    Result root;
    auto active = active_vms(all);
    auto selected = select_vms(active, selection, root);
    std::vector<std::pair<double, Result>> rows;
    std::size_t disks = 0;
    for (const auto* vm : selected.vms) {
        if (vm->busy) {
            rows.push_back({-1, busy_result(*vm)});
            continue;
        }
        std::vector<std::string> unmatched_errors = vm->disk_errors;
        for (const auto& disk : vm->blocks) {
            ++disks;
            auto rate = [&](const char* metric) { return rates.per_second(disk_key(*vm, disk, metric)); };
            std::optional<double> fill, latency, new_errors;
            if (disk.allocation && disk.capacity && *disk.capacity > 0)
                fill = static_cast<double>(*disk.allocation) / static_cast<double>(*disk.capacity) * 100;
            auto requests = sum_known(rate("rd_reqs"), rate("wr_reqs"));
            auto busy_ns = sum_known(rate("rd_ns"), rate("wr_ns"));
            if (requests && busy_ns && *requests > 0) latency = *busy_ns / *requests / 1e9;
            if (auto errors = rate("errors")) new_errors = *errors * rates.seconds();
            auto physical = disk.physical ? std::optional<double>(static_cast<double>(*disk.physical)) : std::nullopt;
            const std::string shown = vm->name + "/" + disk.name;
            Result row = measure_object(vm->name + "_" + disk.name, shown,
                                        {{"fill", fill, Unit::Percent, rules.fill, std::nullopt, true},
                                         {"read", rate("rd_bytes"), Unit::BytesPerSecond, rules.read},
                                         {"write", rate("wr_bytes"), Unit::BytesPerSecond, rules.write},
                                         {"iops", requests, Unit::PerSecond, rules.iops},
                                         {"latency", latency, Unit::Seconds, rules.latency},
                                         {"errors", new_errors, Unit::Count, rules.errors, std::nullopt, false,
                                          State::Warning},
                                         {"physical", physical, Unit::Bytes, rules.physical}},
                                        disk.capacity ? "of " + human_value(static_cast<double>(*disk.capacity), Unit::Bytes)
                                                      : "");
            // An error the hypervisor reports for this disk ("vda: no space left ...") makes it CRITICAL.
            for (auto error = unmatched_errors.begin(); error != unmatched_errors.end();)
                if (error->starts_with(disk.name + ": ")) {
                    row.state = State::Critical;
                    row.text = vm->name + "/" + *error + ";" + row.text.substr(shown.size());
                    error = unmatched_errors.erase(error);
                } else {
                    ++error;
                }
            double rank = row.state == State::Critical ? 1000 : fill.value_or(-1);
            rows.push_back({rank, std::move(row)});
        }
        for (const auto& error : unmatched_errors) {
            ++disks;  // a disk the stats did not list: still one of the VM's disks
            rows.push_back({1000, {State::Critical, vm->name + "/" + error}});
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& row : rows) root.add(std::move(row.second));
    root.perfdata.push_back({"disks", static_cast<double>(disks), Unit::Count, {}, {}, 0});
    summarize_objects(root, disks + selected.missing, selection, note, "disk");
    return root;
}

}  // namespace virtcheck
