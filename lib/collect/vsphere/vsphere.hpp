#pragma once
// What the vSphere collector gives the checks. The implementation lives in the backend module
// virtcheck-vsphere.so (libcurl and its own XML reader: the SOAP Web Services API at /sdk),
// loaded only in vSphere mode, so only plain data here: structs, std::string/vector/optional, vtables, and
// the exceptions of core/errors.hpp.
//
// Every value read from the server is untrusted text. A property the server does not send
// stays empty (std::nullopt or ""), never 0.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"

namespace virtcheck::vsphere {

struct ConnectOptions {
    std::string url;       // https://host[:port]/sdk
    std::string user;
    std::string password;  // never in any output
    std::string ca_file;   // PEM bundle to verify the server with; empty: the system CA store
    bool insecure = false; // no certificate or host name verification (only when asked for)
    bool session_cache = true;    // reuse the session cookie across runs; false: log in and out
    std::string state_directory;  // session and counter caches (created 0700, per user)
    // Narrowing in vCenter; empty: everything. esx_host keeps that host's hosts() entry,
    // its VMs and the datastores it mounts.
    std::string datacenter;
    std::string cluster;
    std::string esx_host;
    double time_budget_seconds = 10;  // what is left of -t: no request outlives it
};

struct MoRef {
    std::string type;   // "HostSystem"
    std::string value;  // "host-42"
    bool operator==(const MoRef&) const = default;
};

struct About {
    std::string name;           // "VMware vCenter Server", "VMware ESXi"
    std::string full_name;      // "VMware vCenter Server 6.5.0 build-5973321"
    std::string version;        // "6.5.0"
    std::string build;          // "5973321"
    std::string api_type;       // "VirtualCenter" or "HostAgent"
    std::string api_version;    // "6.5"
    std::string instance_uuid;  // vCenter only
};

struct TriggeredAlarm {
    MoRef alarm;
    std::string name;    // the alarm definition's info.name; empty if it could not be read
    std::string status;  // red, yellow, green, gray
    std::optional<std::int64_t> time;  // Unix seconds
    std::optional<bool> acknowledged;
};

struct HostService {
    std::string key;     // "TSM-SSH", "TSM"
    std::optional<bool> running;
    std::string policy;  // on, off, automatic
};

struct Host {
    MoRef ref;
    std::string name;
    std::string cluster;           // the parent cluster's name; empty for a standalone host
    std::string connection_state;  // connected, disconnected, notResponding
    std::optional<bool> in_maintenance;
    std::string power_state;       // poweredOn, poweredOff, standBy, unknown
    std::optional<std::int64_t> boot_time;  // Unix seconds
    std::string overall_status;    // green, yellow, red, gray
    std::vector<TriggeredAlarm> alarms;
    std::optional<std::int64_t> cpu_usage_mhz;
    std::optional<std::int64_t> memory_usage_mb;
    std::optional<std::int64_t> uptime_seconds;
    std::optional<std::int64_t> cpu_packages;
    std::optional<std::int64_t> cpu_cores;
    std::optional<std::int64_t> cpu_threads;
    std::optional<std::int64_t> cpu_hz;
    std::optional<std::int64_t> memory_bytes;
    std::string product_version;   // config.product
    std::string product_build;
    std::string lockdown_mode;     // lockdownDisabled, lockdownNormal, lockdownStrict
    std::vector<HostService> services;  // TSM and TSM-SSH only
};

struct Snapshot {
    std::string name;
    std::optional<std::int64_t> id;
    std::optional<std::int64_t> create_time;  // Unix seconds
    std::string state;                        // the VM's power state when it was taken
    std::vector<Snapshot> children;
};

struct VmQuestion {
    std::string id;
    std::string text;
};

// A host device handed to the VM: DirectPath I/O and vGPU (VirtualPCIPassthrough), a host's
// USB device (VirtualUSB with a host backing), a SCSI device (VirtualSCSIPassthrough).
struct PassthroughDevice {
    std::string type;     // VirtualPCIPassthrough, VirtualUSB, VirtualSCSIPassthrough
    std::string backing;  // its backing's type: VirtualPCIPassthroughVmiopBackingInfo (vGPU)...
    std::string id;       // the host device: PCI address "0000:03:00.0", vGPU profile, USB path
    std::string label;    // deviceInfo.label: "PCI device 0"
};

struct VirtualDiskFile {
    std::string label;    // "Hard disk 1"
    std::string file;     // backing.fileName: "[LocalDS_0] vm1/vm1.vmdk"
    std::string sharing;  // backing.sharing: sharingNone, sharingMultiWriter; empty: not said
    std::string mode;     // backing.diskMode: persistent, independent_nonpersistent...
};

// A serial port on a network URI (VirtualSerialPortURIBackingInfo): with direction server,
// the host listens on it.
struct NetworkSerialPort {
    std::string label;
    std::string uri;        // serviceURI: "telnet://:7001", "tcp://127.0.0.1:7002"
    std::string direction;  // server, client
};

struct Vm {
    MoRef ref;
    std::string name;
    std::string instance_uuid;  // config.instanceUuid
    std::string bios_uuid;      // config.uuid
    std::optional<bool> is_template;
    std::string power_state;       // poweredOn, poweredOff, suspended
    std::string connection_state;  // connected, disconnected, orphaned, inaccessible, invalid
    MoRef host;                    // runtime.host (empty when not placed)
    std::optional<bool> consolidation_needed;
    std::optional<VmQuestion> question;
    std::string tools_running_status;  // guestToolsRunning, guestToolsNotRunning, ...
    std::string tools_version_status;  // guestToolsCurrent, guestToolsNeedUpgrade, ...
    std::string guest_os;              // summary.config.guestFullName: "Ubuntu Linux (64-bit)"
    std::optional<std::int64_t> num_cpu;
    std::optional<std::int64_t> memory_mb;
    // summary.quickStats
    std::optional<std::int64_t> cpu_usage_mhz;
    std::optional<std::int64_t> guest_memory_usage_mb;
    std::optional<std::int64_t> host_memory_usage_mb;
    std::optional<std::int64_t> ballooned_mb;
    std::optional<std::int64_t> swapped_mb;
    std::optional<std::int64_t> compressed_kb;
    std::optional<std::int64_t> uptime_seconds;
    // Only with VmDetails::snapshots.
    std::vector<Snapshot> snapshots;
    std::optional<std::int64_t> snapshot_bytes;  // layoutEx files of the snapshot types
    // Only with VmDetails::security.
    // RemoteDisplay.vnc.* and isolation.tools.*; RemoteDisplay.vnc.password's value is "set"
    // or "" (the module never keeps the password itself).
    std::vector<std::pair<std::string, std::string>> extra_config;
    std::optional<bool> devices_read;  // config.hardware.device came (the lists below are complete)
    std::vector<PassthroughDevice> passthrough_devices;
    std::vector<VirtualDiskFile> disks;
    std::vector<NetworkSerialPort> serial_ports;
    std::optional<bool> vtpm;     // a VirtualTPM device (vSphere 6.7 and later)
    std::string firmware;         // config.firmware: bios, efi
    std::optional<bool> secure_boot;  // config.bootOptions.efiSecureBootEnabled; absent: not said
};

// What vms() reads beyond the basics: each costs response bytes (and server time), never
// requests; a check asks for what it uses.
// Always read: template flag, power state.
struct VmDetails {
    bool identity = true;     // name, instance and BIOS UUIDs (host figures need none of them)
    bool runtime = true;      // connection state, guest tools, consolidation, question, guest OS
    bool hardware = true;     // vCPUs, configured memory, the host it runs on
    bool quick_stats = true;  // summary.quickStats (memory figures, CPU MHz, uptime)
    bool snapshots = false;   // snapshot.rootSnapshotList and layoutEx sizes
    bool security = false;    // config.extraConfig, config.hardware.device, firmware and boot options
};

struct Datastore {
    MoRef ref;
    std::string name;
    std::optional<std::int64_t> capacity_bytes;
    std::optional<std::int64_t> free_bytes;
    std::optional<std::int64_t> uncommitted_bytes;
    std::optional<bool> accessible;
    std::string maintenance_mode;  // normal, enteringMaintenance, inMaintenance
    std::string type;              // VMFS, NFS, vsan...
    std::string url;
    std::vector<MoRef> hosts;      // host[].key: the hosts that mount it
};

struct PerfQuery {
    std::vector<MoRef> entities;        // VMs or hosts
    std::vector<std::string> counters;  // "group.name.rollup": "cpu.ready.summation"
    bool per_instance = false;          // also each device (disk, NIC, vCPU), not only ""
};

struct PerfSample {
    MoRef entity;
    std::string counter;   // as asked for
    std::string instance;  // "" for the aggregate
    std::optional<std::int64_t> value;  // raw: *.summation is ms (or a count) per interval
    std::int64_t interval_seconds = 0;  // 20 for realtime
    std::optional<std::int64_t> time;   // Unix seconds of the sample
    std::string unit;      // the counter's unitInfo key: percent, millisecond, kiloBytesPerSecond...
    std::int64_t scale = 1;  // percent counters are in hundredths: value / scale is the figure
};

struct PerfResult {
    std::vector<PerfSample> samples;
    std::vector<std::string> unknown_counters;  // asked for, not offered by this server
};

struct Statistics {
    unsigned http_requests = 0;
    unsigned logins = 0;
    unsigned logouts = 0;
    bool session_reused = false;  // this run started on a cached session
    std::uint64_t bytes_received = 0;
};

// One connected session. Each call costs a fixed number of HTTP requests whatever the
// inventory size (one RetrievePropertiesEx, plus ContinueRetrievePropertiesEx only past
// 10,000 objects), plus at most one re-login when the session went stale. All throw
// CollectError: Unreachable when nothing answers, Denied for login and privilege failures
// (naming the privilege), Failed otherwise.
class Client {
public:
    virtual ~Client() = default;
    virtual About about() = 0;
    virtual std::vector<Host> hosts() = 0;
    virtual std::vector<Vm> vms(const VmDetails& details) = 0;
    virtual std::vector<Datastore> datastores() = 0;
    virtual PerfResult perf(const PerfQuery& query) = 0;
    virtual Statistics statistics() const = 0;
};

class Connector {
public:
    // Reuses the cached session when there is one, else logs in. Throws CollectError;
    // UsageError for options that cannot work (not an https URL, a missing ca_file).
    virtual std::unique_ptr<Client> connect(const ConnectOptions& options, Progress& progress) = 0;

protected:
    ~Connector() = default;
};

// The module, loaded on first use.
Connector& connector();
std::unique_ptr<Client> connect(const ConnectOptions& options, Progress& progress);

inline constexpr const char* connector_symbol = "virtcheck_vsphere_connector_v2";
inline constexpr const char* module_file = "virtcheck-vsphere.so";

}  // namespace virtcheck::vsphere
