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

// One host as a management server reports it, figures ready-made (vSphere's quick stats and
// hardware summary), with what its powered-on VMs were given.
struct HostUse {
    std::string name{};     // untrusted
    std::string uuid{};     // an identifier --include/--exclude may match
    std::string cluster{};  // empty: standalone
    std::string connection{};  // connected, disconnected, notResponding; empty: unknown
    std::optional<double> cpu_used_mhz{}, cpu_capacity_mhz{};
    unsigned cores = 0, threads = 0;
    std::optional<double> memory_used{}, memory_total{};  // bytes
    unsigned running_vms = 0;
    double vm_vcpus = 0;   // of the powered-on VMs
    double vm_memory = 0;  // configured memory of the powered-on VMs, bytes
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
    std::vector<HostUse> hosts{};   // a management server's hosts, instead of times or loads
};

// Host memory, in bytes. In use = total - available, everywhere: available is what programs
// can still get without swapping, the kernel's MemAvailable where the source gives it (Linux
// /proc/meminfo, net-snmp's memSysAvail), else free + buffers + page cache (which counts
// shared memory as free and reclaimable slab as used). `basis` says which it was.
struct HostMemory {
    std::optional<double> total{}, available{}, free{}, buffers{}, cached{};
    std::string basis{};
    std::string problem{};  // why there are no figures, when the source knows
    std::vector<HostUse> hosts{};  // a management server's hosts, instead of the figures above
};

// Host capabilities reduced to what decides hardware acceleration.
struct Capabilities {
    std::string host_arch{};                  // "x86_64"
    std::vector<std::string> domain_types{};  // domain types offered for the host arch: "qemu", "kvm"
};

}  // namespace virtcheck::model
