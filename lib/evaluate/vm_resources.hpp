#pragma once
// check_vm_memory, check_vm_disk and check_vm_net: per-VM (memory) and per-device (disk,
// interface) metrics, counters turned into rates through the state file or --interval, or
// figures and rates a backend gives ready-made (vSphere).
#include <string>
#include <vector>

#include "core/metric.hpp"
#include "core/rate.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "model/facts.hpp"
#include "model/vm.hpp"

namespace virtcheck {

namespace vm_memory {
inline const Metric used_percent{"used_percent", Unit::Percent,
                                 "guest memory in use, % of what the guest sees (vSphere: active, % of configured)"};
inline const Metric used{"used", Unit::Bytes, "guest memory in use, bytes (vSphere: active)"};
inline const Metric rss{"rss", Unit::Percent, "host memory the VM's process holds, % of its assigned memory",
                        model::FactGuestCounters};
inline const Metric swap_in{"swap_in", Unit::BytesPerSecond, "guest swap-in rate", model::FactGuestCounters};
inline const Metric swap_out{"swap_out", Unit::BytesPerSecond, "guest swap-out rate", model::FactGuestCounters};
inline const Metric major_faults{"major_faults", Unit::PerSecond, "guest major page faults per second",
                                 model::FactGuestCounters};
inline const Metric consumed{"consumed", Unit::Percent, "vSphere: host memory the VM consumes, % of its configured memory",
                             model::FactMemoryReclaim};
inline const Metric ballooned{"ballooned", Unit::Bytes, "vSphere: memory the balloon driver reclaimed from the guest, bytes",
                              model::FactMemoryReclaim};
inline const Metric swapped{"swapped", Unit::Bytes, "vSphere: guest memory the host swapped out, bytes",
                            model::FactMemoryReclaim};
inline const Metric compressed{"compressed", Unit::Bytes, "vSphere: guest memory the host compressed, bytes",
                               model::FactMemoryReclaim};
inline const MetricTable metrics{&used_percent, &used,     &rss,       &swap_in,  &swap_out,
                                 &major_faults, &consumed, &ballooned, &swapped, &compressed};
}  // namespace vm_memory

namespace vm_disk {
inline const Metric fill{"fill", Unit::Percent, "allocation of each disk, % of its capacity", model::FactDiskAllocation};
inline const Metric read{"read", Unit::BytesPerSecond, "bytes read per second"};
inline const Metric write{"write", Unit::BytesPerSecond, "bytes written per second"};
inline const Metric iops{"iops", Unit::PerSecond, "read + write requests per second"};
inline const Metric latency{"latency", Unit::Seconds, "mean time per request"};
inline const Metric errors{.name = "errors", .unit = Unit::Count,
                           .help = "new I/O errors since the last sample (default: any is WARNING)",
                           .needs = model::FactDeviceErrors, .when_positive = State::Warning};
inline const Metric physical{"physical", Unit::Bytes, "size of the disk's file or device on the host",
                             model::FactDiskAllocation};
inline const MetricTable metrics{&fill, &read, &write, &iops, &latency, &errors, &physical};
}  // namespace vm_disk

namespace vm_net {
inline const Metric traffic{"traffic", Unit::BytesPerSecond, "traffic of each interface, received + sent bytes per second"};
inline const Metric rx{"rx", Unit::BytesPerSecond, "bytes received per second"};
inline const Metric tx{"tx", Unit::BytesPerSecond, "bytes sent per second"};
inline const Metric rx_packets{"rx_packets", Unit::PerSecond, "packets received per second"};
inline const Metric tx_packets{"tx_packets", Unit::PerSecond, "packets sent per second"};
inline const Metric errors{.name = "errors", .unit = Unit::PerSecond,
                           .help = "receive + send errors per second (default: any is WARNING)",
                           .needs = model::FactDeviceErrors, .when_positive = State::Warning};
inline const Metric drops{.name = "drops", .unit = Unit::PerSecond,
                          .help = "receive + send drops per second (default: any is WARNING)",
                          .when_positive = State::Warning};
inline const MetricTable metrics{&traffic, &rx, &tx, &rx_packets, &tx_packets, &errors, &drops};
}  // namespace vm_net

Sample vm_memory_sample(const std::vector<model::Vm>& vms, double time);
Sample vm_disk_sample(const std::vector<model::Vm>& vms, double time);
Sample vm_net_sample(const std::vector<model::Vm>& vms, double time);

// check_vm_memory: `no_guest_stats` is the state of a VM whose guest reports nothing.
Result evaluate_vm_memory(const std::vector<model::Vm>& vms, const Rates& rates, const Selection& selection,
                          const ThresholdSet& thresholds, State no_guest_stats, const std::string& note);
Result evaluate_vm_disk(const std::vector<model::Vm>& vms, const Rates& rates, const Selection& selection,
                        const ThresholdSet& thresholds, const std::string& note);
Result evaluate_vm_net(const std::vector<model::Vm>& vms, const Rates& rates, const Selection& selection,
                       const ThresholdSet& thresholds, const std::string& note);

}  // namespace virtcheck
