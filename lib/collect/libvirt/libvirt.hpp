#pragma once
// What the libvirt collector gives the checks. The implementation lives in the backend
// module virtcheck-libvirt.so (see module.hpp), so only plain data and abstract classes here.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"

namespace virtcheck::libvirt {

struct HostInfo {
    std::string driver;                                // "QEMU", "Test", "LXC", "ESX", ...
    std::optional<std::uint64_t> hypervisor_version;   // packed, see unpack_libvirt_version()
    std::optional<std::uint64_t> libvirt_version;      // the daemon's for remote connections
    std::string hostname;                              // empty when the driver cannot tell
    std::string cpu_model;
    unsigned cpus = 0;                                 // active host CPU threads
    std::uint64_t memory_bytes = 0;
    unsigned running_vms = 0;
};

// virNodeGetCPUStats for all CPUs together: nanoseconds since boot.
struct NodeCpuStats {
    std::optional<std::uint64_t> user_ns, kernel_ns, idle_ns, iowait_ns;
};

// virNodeGetMemoryStats for all NUMA cells together, in KiB.
struct NodeMemoryStats {
    std::optional<std::uint64_t> total_kib, free_kib, buffers_kib, cached_kib;
};

// Host capabilities reduced to what decides hardware acceleration.
struct Capabilities {
    std::string host_arch;                  // "x86_64"
    std::vector<std::string> domain_types;  // domain types offered for the host arch: "qemu", "kvm"
};

// libvirt's domain states (virDomainState), in its numbering.
enum class DomainState { NoState = 0, Running, Blocked, Paused, Shutdown, Shutoff, Crashed, PmSuspended };

struct VcpuStats {
    std::optional<std::uint64_t> time_ns;   // vcpu.N.time
    std::optional<std::uint64_t> wait_ns;   // vcpu.N.wait: waiting for I/O
    std::optional<std::uint64_t> delay_ns;  // vcpu.N.delay: runnable but not running (steal)
};

using Counter = std::optional<std::uint64_t>;

// balloon.* (guest memory, KiB as libvirt gives it); available/unused/usable need a guest driver.
struct BalloonStats {
    Counter current_kib, maximum_kib, available_kib, unused_kib, usable_kib, rss_kib, disk_caches_kib;
    Counter swap_in_kib, swap_out_kib, major_faults, minor_faults;  // counters since boot
};

// block.N.* for one disk.
struct BlockStats {
    std::string name;  // target, "vda"
    std::string path;  // source, untrusted
    Counter read_requests, read_bytes, read_ns, write_requests, write_bytes, write_ns, errors;
    Counter allocation, capacity, physical;  // bytes
};

// net.N.* for one interface.
struct InterfaceStats {
    std::string name;  // host-side device, "vnet0"
    Counter rx_bytes, rx_packets, rx_errors, rx_drops, tx_bytes, tx_packets, tx_errors, tx_drops;
};

// One VM as the stats call (or the per-domain fallback) describes it. A value the driver
// did not give stays empty: it is reported as unavailable, never as 0.
struct DomainStats {
    std::string name;  // untrusted
    std::string uuid;
    int id = -1;       // -1 when not running; changes when the VM restarts
    DomainState state = DomainState::NoState;
    int reason = 0;    // virDomain*Reason for the state
    bool busy = false; // running, but the stats were not available without waiting (a job)
    std::optional<bool> autostart;
    std::optional<std::uint64_t> cpu_time_ns;
    std::optional<unsigned> vcpus;  // current vCPUs
    std::vector<VcpuStats> vcpu;
    BalloonStats balloon;
    std::vector<BlockStats> blocks;
    std::vector<InterfaceStats> interfaces;
    std::vector<std::string> disk_errors;  // virDomainGetDiskErrors: "vda: no space left"
    unsigned reported_groups = 0;          // StatGroup bits the bulk record carried
    std::string guest;  // what the hypervisor says of the guest (ESXi over SNMP: OS, tools state)
};

// Stat groups a check needs, as libvirt's VIR_DOMAIN_STATS_* bits.
enum StatGroup : unsigned {
    StatState = 1u << 0,
    StatCpu = 1u << 1,
    StatBalloon = 1u << 2,
    StatVcpu = 1u << 3,
    StatInterface = 1u << 4,
    StatBlock = 1u << 5,
};

// libvirt's storage pool states (virStoragePoolState), in its numbering.
enum class PoolState { Inactive = 0, Building, Running, Degraded, Inaccessible };

// A storage pool (libvirt's datastore). libvirt keeps the sizes of the pool's last refresh
// (start, volume changes, "virsh pool-refresh"); they are 0 while the pool is inactive.
struct PoolInfo {
    std::string name;  // untrusted
    std::string uuid;
    PoolState state = PoolState::Inactive;
    std::optional<bool> autostart;
    std::uint64_t capacity = 0, allocation = 0, available = 0;  // bytes
    std::optional<unsigned> volumes;                 // absent: the volumes could not be listed
    std::optional<std::uint64_t> volume_capacity;    // sum of the volumes' capacities, bytes
    std::string problem;  // why the sizes cannot be used (SNMP rows: missing column, overflow)
};

// A virtual network and the use of its DHCP ranges.
struct NetworkInfo {
    std::string name;  // untrusted
    std::string uuid;
    bool active = false;
    bool persistent = true;              // false: transient, gone when stopped, never autostarts
    std::optional<bool> autostart;
    std::string bridge;                  // empty: the network has no bridge (macvtap, hostdev)
    std::optional<bool> bridge_present;  // absent: the driver cannot list host interfaces
    double dhcp_addresses = 0;           // addresses in the DHCP ranges, IPv4 and IPv6
    std::optional<unsigned> leases;      // current leases inside those ranges; absent: unknown
};

struct Snapshot {
    std::string name;                    // untrusted
    std::optional<std::int64_t> created; // creationTime, seconds since the epoch
};

// The snapshots of one VM.
struct VmSnapshots {
    std::string name;  // untrusted
    std::string uuid;
    DomainState state = DomainState::NoState;
    std::vector<Snapshot> snapshots;
};

class Connection {
public:
    virtual ~Connection() = default;
    virtual HostInfo host_info() = 0;
    virtual Capabilities capabilities() = 0;

    // All VMs (or only running ones) with the requested groups, in one bulk call where the
    // driver supports it, with per-domain calls where it does not.
    virtual std::vector<DomainStats> domain_stats(unsigned groups, bool running_only) = 0;

    // Host CPU and memory counters; nothing when the driver does not have them (e.g. test, esx).
    virtual std::optional<NodeCpuStats> node_cpu() = 0;
    virtual std::optional<NodeMemoryStats> node_memory() = 0;

    // Whether the VM starts with the host; one call per VM, so only for the VMs that need it.
    virtual std::optional<bool> autostart(const std::string& uuid) = 0;

    // Storage pools with their volume totals. `refresh` first rescans the active pools whose
    // name `wanted` accepts (needs a read-write connection).
    virtual std::vector<PoolInfo> pools(bool refresh, const std::function<bool(const PoolInfo&)>& wanted) = 0;

    // Virtual networks, their bridges and DHCP use.
    virtual std::vector<NetworkInfo> networks() = 0;

    // The VMs `wanted` accepts (it sees name and uuid) with their snapshots; one snapshot
    // listing per such VM.
    virtual std::vector<VmSnapshots> snapshots(const std::function<bool(const VmSnapshots&)>& wanted) = 0;
};

// How a connection is opened: checks read; only --refresh of check_datastore writes.
enum class Access { ReadOnly, ReadWrite };

class Backend {
public:
    // Opens a read-only connection. Throws CollectError: Unreachable when nothing answers at
    // `uri` (the service is down), Denied for authentication/permission, Failed otherwise.
    virtual std::unique_ptr<Connection> open(const std::string& uri, Access access, Progress& progress) = 0;

protected:
    ~Backend() = default;
};

// The backend, loaded on first use. Throws CollectError when the module cannot be loaded.
Backend& backend();

// backend().open(uri, access, progress)
std::unique_ptr<Connection> open(const std::string& uri, Progress& progress, Access access = Access::ReadOnly);

// The C symbol the module exports; versioned so a stale module is refused, not misused.
inline constexpr const char* backend_symbol = "virtcheck_libvirt_backend_v2";
inline constexpr const char* module_file = "virtcheck-libvirt.so";

}  // namespace virtcheck::libvirt
