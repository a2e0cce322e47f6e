#include <algorithm>
#include <cstdio>

#include "evaluate/measurements.hpp"
#include "evaluate/vm_resources.hpp"
#include "evaluate/vms.hpp"

namespace virtcheck {
namespace {

std::string disk_key(const model::Vm& vm, const model::Disk& disk, const char* metric) {
    return counter_key(vm, "disk/" + disk.name + "/" + metric);
}

// An error the hypervisor reports for this disk ("vda: no space left ...") makes it CRITICAL.
Row measure(const model::Vm& vm, const model::Disk& disk, const std::string& error, const Rates& rates,
            const ThresholdSet& thresholds) {
    auto rate = [&](const char* metric) { return rates.per_second(disk_key(vm, disk, metric)); };
    std::optional<double> fill, latency, new_errors;
    if (disk.allocation && disk.capacity && *disk.capacity > 0)
        fill = static_cast<double>(*disk.allocation) / static_cast<double>(*disk.capacity) * 100;
    auto requests = sum_known(rate("rd_reqs"), rate("wr_reqs"));
    auto busy_ns = sum_known(rate("rd_ns"), rate("wr_ns"));
    if (requests && busy_ns && *requests > 0) latency = *busy_ns / *requests / 1e9;
    if (auto errors = rate("errors")) new_errors = *errors * rates.seconds();
    Line line{vm.name + "/" + disk.name};
    if (disk.capacity) line.detail = "of " + human_value(static_cast<double>(*disk.capacity), Unit::Bytes);
    if (!error.empty()) line.status = error;
    Result result = measure_object(vm.name + "_" + disk.name, line, thresholds,
                                   {{vm_disk::fill, fill, std::nullopt, true},
                                    {vm_disk::read, rate("rd_bytes")},
                                    {vm_disk::write, rate("wr_bytes")},
                                    {vm_disk::iops, requests},
                                    {vm_disk::latency, latency},
                                    {vm_disk::errors, new_errors},
                                    {vm_disk::physical, counted(disk.physical)},
                                    Measurement::counter("read_bytes_total", counted(disk.read_bytes), Unit::Bytes),
                                    Measurement::counter("write_bytes_total", counted(disk.write_bytes), Unit::Bytes),
                                    Measurement::counter("read_requests_total", counted(disk.read_requests)),
                                    Measurement::counter("write_requests_total", counted(disk.write_requests)),
                                    Measurement::counter("errors_total", counted(disk.errors))},
                                   vm.uuid + "/" + disk.name);
    if (!error.empty()) result.state = State::Critical;
    double rank = result.state == State::Critical ? 1000 : fill.value_or(-1);
    return {std::move(result), rank};
}

// Mean latency over reads and writes, weighted by their requests.
std::optional<double> mean_latency(const model::DiskRates& r) {
    if (!r.read_latency || !r.write_latency) return r.read_latency ? r.read_latency : r.write_latency;
    double reads = r.read_requests.value_or(0), writes = r.write_requests.value_or(0);
    if (reads + writes <= 0) return std::max(*r.read_latency, *r.write_latency);
    return (*r.read_latency * reads + *r.write_latency * writes) / (reads + writes);
}

// Rates the backend gave ready-made for its last sample: throughput, IOPS, latency.
Row measure_rates(const model::Vm& vm, const model::Disk& disk, const ThresholdSet& thresholds) {
    const model::DiskRates& r = *disk.rates;
    auto iops = sum_known(r.read_requests, r.write_requests);
    auto latency = mean_latency(r);
    Line line{vm.name + "/" + disk.name};
    auto shown = [](const char* what, std::optional<double> value, Unit unit) {
        return std::string(what) + " " + (value ? human_value(*value, unit) : "unknown");
    };
    char requests[32] = "IOPS unknown";
    if (iops) std::snprintf(requests, sizeof requests, "%.1f IOPS", *iops);
    line.figures = {shown("read", r.read_bytes, Unit::BytesPerSecond), shown("write", r.write_bytes, Unit::BytesPerSecond),
                    requests, shown("latency", latency, Unit::Seconds)};
    std::vector<Measurement> measurements{{vm_disk::read, r.read_bytes},
                                          {vm_disk::write, r.write_bytes},
                                          {vm_disk::iops, iops},
                                          {vm_disk::latency, latency}};
    Result result = measure_object(vm.name + "_" + disk.name, line, thresholds, measurements);
    double rank = result.state == State::Critical ? 1000 : latency.value_or(-1);
    return {std::move(result), rank};
}

}  // namespace

Sample vm_disk_sample(const std::vector<model::Vm>& vms, double time) {
    Sample sample{time, {}};
    for (const auto& vm : vms) {
        if (vm.busy || vm.id < 0) continue;
        for (const auto& disk : vm.disks) {
            const std::pair<const char*, const model::Counter*> counters[] = {
                {"rd_bytes", &disk.read_bytes},   {"wr_bytes", &disk.write_bytes}, {"rd_reqs", &disk.read_requests},
                {"wr_reqs", &disk.write_requests}, {"rd_ns", &disk.read_ns},       {"wr_ns", &disk.write_ns},
                {"errors", &disk.errors}};
            for (const auto& [metric, value] : counters)
                if (*value) sample.counters[disk_key(vm, disk, metric)] = static_cast<double>(**value);
        }
    }
    return sample;
}

Result evaluate_vm_disk(const std::vector<model::Vm>& all, const Rates& rates, const Selection& selection,
                        const ThresholdSet& thresholds, const std::string& note) {
    auto active = active_vms(all);
    PerObject<model::Vm> vms(active, selection, {.noun = "disk", .rows_by_rank = true, .count_rows = true});
    std::size_t disks = 0;
    for (const auto* vm : vms.selected()) {
        if (vm->busy) {
            vms.add(busy_row(*vm));
            continue;
        }
        std::vector<std::string> unmatched = vm->disk_errors;
        for (const auto& disk : vm->disks) {
            std::string error;
            for (auto it = unmatched.begin(); it != unmatched.end(); ++it)
                if (it->starts_with(disk.name + ": ")) {
                    error = it->substr(disk.name.size() + 2);
                    unmatched.erase(it);
                    break;
                }
            vms.add(disk.rates ? measure_rates(*vm, disk, thresholds) : measure(*vm, disk, error, rates, thresholds));
        }
        // A disk the stats did not list: still one of the VM's disks.
        for (const auto& error : unmatched) vms.add(Row{{State::Critical, vm->name + "/" + error}, 1000});
        disks += vm->disks.size() + unmatched.size();
    }
    vms.root().perfdata.push_back({"disks", static_cast<double>(disks), Unit::Count, {}, {}, 0});
    return vms.finish(note);
}

}  // namespace virtcheck
