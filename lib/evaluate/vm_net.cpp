#include <algorithm>

#include "evaluate/measurements.hpp"
#include "evaluate/vm_resources.hpp"
#include "evaluate/vms.hpp"

namespace virtcheck {
namespace {

std::string nic_key(const libvirt::DomainStats& vm, const libvirt::InterfaceStats& nic, const char* metric) {
    return counter_key(vm, "net/" + nic.name + "/" + metric);
}

}  // namespace

Sample vm_net_sample(const std::vector<libvirt::DomainStats>& vms, double time) {
    Sample sample{time, {}};
    for (const auto& vm : vms) {
        if (vm.busy || vm.id < 0) continue;
        for (const auto& nic : vm.interfaces) {
            const std::pair<const char*, const libvirt::Counter*> counters[] = {
                {"rx_bytes", &nic.rx_bytes},   {"tx_bytes", &nic.tx_bytes},   {"rx_packets", &nic.rx_packets},
                {"tx_packets", &nic.tx_packets}, {"rx_errors", &nic.rx_errors}, {"tx_errors", &nic.tx_errors},
                {"rx_drops", &nic.rx_drops},   {"tx_drops", &nic.tx_drops}};
            for (const auto& [metric, value] : counters)
                if (*value) sample.counters[nic_key(vm, nic, metric)] = static_cast<double>(**value);
        }
    }
    return sample;
}

Result evaluate_vm_net(const std::vector<libvirt::DomainStats>& all, const Rates& rates, const Selection& selection,
                       const VmNetRules& rules, const std::string& note) {
    Result root;
    auto active = active_vms(all);
    auto selected = select_vms(active, selection, root);
    std::vector<std::pair<double, Result>> rows;
    std::size_t nics = 0;
    for (const auto* vm : selected.vms) {
        if (vm->busy) {
            rows.push_back({-1, busy_result(*vm)});
            continue;
        }
        for (const auto& nic : vm->interfaces) {
            ++nics;
            auto rate = [&](const char* metric) { return rates.per_second(nic_key(*vm, nic, metric)); };
            auto rx = rate("rx_bytes"), tx = rate("tx_bytes");
            auto traffic = sum_known(rx, tx);
            // Any new error or drop is worth a look even without thresholds: WARNING by default.
            Result row = measure_object(vm->name + "_" + nic.name, vm->name + "/" + nic.name,
                                        {{"traffic", traffic, Unit::BytesPerSecond, rules.traffic, std::nullopt, true},
                                         {"rx", rx, Unit::BytesPerSecond, rules.rx},
                                         {"tx", tx, Unit::BytesPerSecond, rules.tx},
                                         {"rx_packets", rate("rx_packets"), Unit::PerSecond, rules.rx_packets},
                                         {"tx_packets", rate("tx_packets"), Unit::PerSecond, rules.tx_packets},
                                         {"errors", sum_known(rate("rx_errors"), rate("tx_errors")), Unit::PerSecond,
                                          rules.errors, std::nullopt, false, State::Warning},
                                         {"drops", sum_known(rate("rx_drops"), rate("tx_drops")), Unit::PerSecond,
                                          rules.drops, std::nullopt, false, State::Warning}});
            rows.push_back({traffic.value_or(-1), std::move(row)});
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string top;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i < selection.top() && rows[i].first >= 0) top += (top.empty() ? "top: " : ", ") + rows[i].second.text;
        root.add(std::move(rows[i].second));
    }
    root.perfdata.push_back({"interfaces", static_cast<double>(nics), Unit::Count, {}, {}, 0});
    summarize_objects(root, nics + selected.missing, selection, note, "interface", top);
    return root;
}

}  // namespace virtcheck
