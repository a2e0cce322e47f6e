#include "evaluate/measurements.hpp"
#include "evaluate/vm_resources.hpp"
#include "evaluate/vms.hpp"

namespace virtcheck {
namespace {

std::string nic_key(const model::Vm& vm, const model::Interface& nic, const char* metric) {
    return counter_key(vm, "net/" + nic.name + "/" + metric);
}

// Rates the backend gave ready-made for its last sample (no error counters there).
Row measure_rates(const model::Vm& vm, const model::Interface& nic, const ThresholdSet& thresholds) {
    const model::InterfaceRates& r = *nic.rates;
    auto traffic = sum_known(r.rx_bytes, r.tx_bytes);
    std::vector<Measurement> measurements{{vm_net::traffic, traffic, std::nullopt, true},
                                          {vm_net::rx, r.rx_bytes},
                                          {vm_net::tx, r.tx_bytes},
                                          {vm_net::rx_packets, r.rx_packets},
                                          {vm_net::tx_packets, r.tx_packets},
                                          {vm_net::drops, sum_known(r.rx_drops, r.tx_drops)}};
    Line line{vm.name + "/" + nic.name};
    if (!traffic) line.figures.push_back("no performance sample from the server yet");
    return {measure_object(vm.name + "_" + nic.name, line, thresholds, measurements), traffic};
}

Row measure(const model::Vm& vm, const model::Interface& nic, const Rates& rates, const ThresholdSet& thresholds) {
    if (nic.rates) return measure_rates(vm, nic, thresholds);
    auto rate = [&](const char* metric) { return rates.per_second(nic_key(vm, nic, metric)); };
    auto rx = rate("rx_bytes"), tx = rate("tx_bytes");
    auto traffic = sum_known(rx, tx);
    Result result = measure_object(vm.name + "_" + nic.name, Line{vm.name + "/" + nic.name}, thresholds,
                                   {{vm_net::traffic, traffic, std::nullopt, true},
                                    {vm_net::rx, rx},
                                    {vm_net::tx, tx},
                                    {vm_net::rx_packets, rate("rx_packets")},
                                    {vm_net::tx_packets, rate("tx_packets")},
                                    {vm_net::errors, sum_known(rate("rx_errors"), rate("tx_errors"))},
                                    {vm_net::drops, sum_known(rate("rx_drops"), rate("tx_drops"))},
                                    Measurement::counter("rx_bytes_total", counted(nic.rx_bytes), Unit::Bytes),
                                    Measurement::counter("tx_bytes_total", counted(nic.tx_bytes), Unit::Bytes),
                                    Measurement::counter("rx_packets_total", counted(nic.rx_packets)),
                                    Measurement::counter("tx_packets_total", counted(nic.tx_packets)),
                                    Measurement::counter("rx_errors_total", counted(nic.rx_errors)),
                                    Measurement::counter("tx_errors_total", counted(nic.tx_errors)),
                                    Measurement::counter("rx_drops_total", counted(nic.rx_drops)),
                                    Measurement::counter("tx_drops_total", counted(nic.tx_drops))},
                                   vm.uuid + "/" + nic.name);
    return {std::move(result), traffic};
}

}  // namespace

Sample vm_net_sample(const std::vector<model::Vm>& vms, double time) {
    Sample sample{time, {}};
    for (const auto& vm : vms) {
        if (vm.busy || vm.id < 0) continue;
        for (const auto& nic : vm.interfaces) {
            const std::pair<const char*, const model::Counter*> counters[] = {
                {"rx_bytes", &nic.rx_bytes},     {"tx_bytes", &nic.tx_bytes},   {"rx_packets", &nic.rx_packets},
                {"tx_packets", &nic.tx_packets}, {"rx_errors", &nic.rx_errors}, {"tx_errors", &nic.tx_errors},
                {"rx_drops", &nic.rx_drops},     {"tx_drops", &nic.tx_drops}};
            for (const auto& [metric, value] : counters)
                if (*value) sample.counters[nic_key(vm, nic, metric)] = static_cast<double>(**value);
        }
    }
    return sample;
}

Result evaluate_vm_net(const std::vector<model::Vm>& all, const Rates& rates, const Selection& selection,
                       const ThresholdSet& thresholds, const std::string& note) {
    auto active = active_vms(all);
    PerObject<model::Vm> vms(active, selection,
                             {.noun = "interface", .top_label = "top", .rows_by_rank = true, .count_rows = true});
    std::size_t nics = 0;
    for (const auto* vm : vms.selected()) {
        if (vm->busy) {
            vms.add(busy_row(*vm));
            continue;
        }
        for (const auto& nic : vm->interfaces) vms.add(measure(*vm, nic, rates, thresholds));
        nics += vm->interfaces.size();
    }
    vms.root().perfdata.push_back({"interfaces", static_cast<double>(nics), Unit::Count, {}, {}, 0});
    return vms.finish(note);
}

}  // namespace virtcheck
