#pragma once
// A virtual machine and its statistics, as any backend describes it. A value the backend did
// not give stays empty: it is reported as unavailable, never as 0.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace virtcheck::model {

// The states a VM can be in, numbered as libvirt numbers them (virDomainState).
enum class VmState { NoState = 0, Running, Blocked, Paused, Shutdown, Shutoff, Crashed, PmSuspended };

using Counter = std::optional<std::uint64_t>;

struct VcpuStats {
    Counter time_ns{};   // running
    Counter wait_ns{};   // waiting for I/O
    Counter delay_ns{};  // runnable but not running (steal)
};

// Guest memory (KiB); available/unused/usable need a guest driver (a balloon).
struct MemoryStats {
    Counter current_kib{}, maximum_kib{}, available_kib{}, unused_kib{}, usable_kib{}, rss_kib{}, disk_caches_kib{};
    Counter swap_in_kib{}, swap_out_kib{}, major_faults{}, minor_faults{};  // counters since boot
};

// Disk rates a backend gives ready-made for its last sample (vSphere's 20 s samples):
// per second, latencies in seconds.
struct DiskRates {
    std::optional<double> read_bytes{}, write_bytes{}, read_requests{}, write_requests{};
    std::optional<double> read_latency{}, write_latency{};
};

struct Disk {
    std::string name{};  // target, "vda"; "scsi0:0" where the backend names disks by controller slot
    std::string path{};  // source, untrusted
    Counter read_requests{}, read_bytes{}, read_ns{}, write_requests{}, write_bytes{}, write_ns{}, errors{};
    // Bytes: what the image holds on the host (a thin disk's fill), the guest's disk size,
    // and the size of the file or device on the host.
    Counter allocation{}, capacity{}, physical{};
    std::optional<DiskRates> rates{};  // present: use these instead of the counters
};

// Interface rates a backend gives ready-made for its last sample, per second.
struct InterfaceRates {
    std::optional<double> rx_bytes{}, tx_bytes{}, rx_packets{}, tx_packets{}, rx_drops{}, tx_drops{};
};

struct Interface {
    std::string name{};  // host-side device, "vnet0"; "4000" where the backend names NICs by device key
    Counter rx_bytes{}, rx_packets{}, rx_errors{}, rx_drops{}, tx_bytes{}, tx_packets{}, tx_errors{}, tx_drops{};
    std::optional<InterfaceRates> rates{};  // present: use these instead of the counters
};

// How a management server sees a VM beyond its power state (vSphere).
struct VmRuntime {
    std::string connection{};               // connected, disconnected, orphaned, inaccessible, invalid
    std::optional<bool> tools_running{};    // guest tools; absent: unknown
    std::string tools_status{};             // as the backend spells it: "guestToolsNotRunning"
    std::optional<bool> consolidation_needed{};
    std::string question{};                 // a question the VM waits on; empty: none; untrusted
};

// CPU figures a backend gives ready-made for its last sample, in %: usage of the VM's vCPUs,
// ready and co-stop time per vCPU.
struct CpuFigures {
    std::optional<double> usage_percent{}, ready_percent{}, costop_percent{};
};

// Memory figures a backend gives ready-made, in bytes.
struct MemoryFigures {
    std::optional<double> configured{}, active{}, consumed{}, ballooned{}, swapped{}, compressed{};
};

// What the hypervisor knows of the guest (VMware Tools, a guest agent). Empty texts: unknown.
struct Guest {
    std::string os{};
    std::string tools{};
};

struct Vm {
    std::string name{};  // untrusted; may repeat where the backend allows it (ESXi)
    std::string uuid{};
    int id = -1;       // -1 when not running; changes when the VM restarts
    VmState state = VmState::NoState;
    std::string state_text{};  // the state as the backend spelled it, when it is not one of ours
    int reason = 0;    // libvirt's virDomain*Reason for the state
    bool busy = false; // running, but the stats were not available without waiting (a job)
    std::optional<bool> autostart{};
    std::optional<std::uint64_t> cpu_time_ns{};
    std::optional<unsigned> vcpus{};  // current vCPUs
    std::vector<VcpuStats> vcpu{};
    MemoryStats memory{};
    std::vector<Disk> disks{};
    std::vector<Interface> interfaces{};
    std::vector<std::string> disk_errors{};  // "vda: no space left"
    unsigned reported_groups = 0;          // Stats bits the backend's record carried
    std::optional<Guest> guest{};            // absent: the backend says nothing of guests
    std::optional<VmRuntime> runtime{};      // absent: the backend has no such view
    std::optional<CpuFigures> cpu_figures{};        // present: use these instead of cpu_time_ns/vcpu
    std::optional<MemoryFigures> memory_figures{};  // present: use these instead of memory
};

// The statistics a check asks for. The values are libvirt's VIR_DOMAIN_STATS_* bits, so
// its backend passes them through; other backends read what each bit names.
enum Stats : unsigned {
    StatState = 1u << 0,
    StatCpu = 1u << 1,
    StatMemory = 1u << 2,  // libvirt: the balloon group
    StatVcpu = 1u << 3,
    StatInterface = 1u << 4,
    StatDisk = 1u << 5,    // libvirt: the block group
};

}  // namespace virtcheck::model
