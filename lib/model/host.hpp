#pragma once
// The hypervisor host: what it is, its CPUs and memory, as any backend describes it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace virtcheck::model {

struct Host {
    std::string driver{};                                // "QEMU", "Test", "LXC", "ESX", ...
    std::optional<std::uint64_t> hypervisor_version{};   // packed as libvirt packs it (major * 1e6 + minor * 1e3 + micro)
    std::optional<std::uint64_t> libvirt_version{};      // the daemon's for remote connections
    std::string hostname{};                              // empty when the backend cannot tell
    std::string cpu_model{};
    unsigned cpus = 0;                                 // active host CPU threads
    std::uint64_t memory_bytes = 0;
    unsigned running_vms = 0;
};

// CPU time of all host CPUs together since boot, in nanoseconds.
struct HostCpuTimes {
    std::optional<std::uint64_t> user_ns{}, kernel_ns{}, idle_ns{}, iowait_ns{};
};

// The load of one host CPU, as an agent averages it (HOST-RESOURCES-MIB hrProcessorLoad).
struct CpuLoad {
    std::string cpu{};                // how the source names the CPU ("4": hrDeviceIndex)
    std::optional<double> percent{};  // empty when the value is not a percentage
    std::string raw{};                // the value as given, for the message
};

// Host CPU use as a backend can give it: counters to turn into rates, or loads it averaged
// itself. `problem` says why neither is there when that is a fault of the source.
struct HostCpu {
    std::optional<HostCpuTimes> times{};
    std::vector<CpuLoad> loads{};
    std::string loads_source{};     // how the loads are named in messages: "hrProcessorLoad"
    std::string load_index_name{};  // how the source numbers CPUs: "hrDeviceIndex"
    std::string problem{};
};

// Host memory, in bytes. Used = total - free - buffers - cached: what the host cannot give
// back on demand. `basis` says how the source counts ("cache and buffers not counted").
struct HostMemory {
    std::optional<double> total{}, free{}, buffers{}, cached{};
    std::string basis = "cache and buffers not counted";
    std::string problem{};  // why there are no figures, when the source knows
};

// Host capabilities reduced to what decides hardware acceleration.
struct Capabilities {
    std::string host_arch{};                  // "x86_64"
    std::vector<std::string> domain_types{};  // domain types offered for the host arch: "qemu", "kvm"
};

}  // namespace virtcheck::model
