#include "collect/vsphere/mapping.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

namespace virtcheck::vsphere {
namespace {

constexpr double KiB = 1024, MiB = 1024 * 1024;

// CPU: usage in hundredths of a percent of the VM's vCPUs; ready and co-stop in ms per
// sample, summed over the vCPUs.
constexpr const char* cpu_usage = "cpu.usage.average";
constexpr const char* cpu_ready = "cpu.ready.summation";
constexpr const char* cpu_costop = "cpu.costop.summation";
// Disks, per controller slot ("scsi0:0"): KB/s, requests per second, ms.
constexpr const char* disk_read = "virtualDisk.read.average";
constexpr const char* disk_write = "virtualDisk.write.average";
constexpr const char* disk_reads = "virtualDisk.numberReadAveraged.average";
constexpr const char* disk_writes = "virtualDisk.numberWriteAveraged.average";
constexpr const char* disk_read_latency = "virtualDisk.totalReadLatency.average";
constexpr const char* disk_write_latency = "virtualDisk.totalWriteLatency.average";
// NICs, per device key ("4000"): KB/s; packets and drops per sample.
constexpr const char* net_rx = "net.received.average";
constexpr const char* net_tx = "net.transmitted.average";
constexpr const char* net_rx_packets = "net.packetsRx.summation";
constexpr const char* net_tx_packets = "net.packetsTx.summation";
constexpr const char* net_rx_drops = "net.droppedRx.summation";
constexpr const char* net_tx_drops = "net.droppedTx.summation";

std::optional<double> megabytes(const std::optional<std::int64_t>& mb) {
    if (!mb || *mb < 0) return std::nullopt;
    return static_cast<double>(*mb) * MiB;
}

// One VM's samples: counter -> instance -> sample. Views of the samples' own strings (the
// PerfResult outlives the maps): no copies of names for each of thousands of samples.
using Samples = std::map<std::string_view, std::map<std::string_view, const PerfSample*, std::less<>>, std::less<>>;

std::map<std::string_view, Samples, std::less<>> by_entity(const PerfResult& perf) {
    std::map<std::string_view, Samples, std::less<>> all;
    for (const auto& sample : perf.samples) all[sample.entity.value][sample.counter][sample.instance] = &sample;
    return all;
}

const PerfSample* find(const Samples& samples, std::string_view counter, std::string_view instance) {
    auto series = samples.find(counter);
    if (series == samples.end()) return nullptr;
    auto at = series->second.find(instance);
    return at == series->second.end() ? nullptr : at->second;
}

// The sample's figure in its own unit (percent counters come in hundredths).
std::optional<double> figure(const PerfSample* sample) {
    if (!sample || !sample->value) return std::nullopt;
    return static_cast<double>(*sample->value) / static_cast<double>(sample->scale > 0 ? sample->scale : 1);
}

// A figure per sample ("summation": ms or a count during the interval) per second.
std::optional<double> per_second(const PerfSample* sample) {
    auto value = figure(sample);
    if (!value || sample->interval_seconds <= 0) return std::nullopt;
    return *value / static_cast<double>(sample->interval_seconds);
}

std::optional<double> scaled(std::optional<double> value, double factor) {
    if (!value) return std::nullopt;
    return *value * factor;
}

// ms of ready (or co-stop) time per sample, summed over the vCPUs -> % of one vCPU's time.
std::optional<double> per_vcpu_percent(const PerfSample* sample, unsigned vcpus) {
    auto ms_per_second = per_second(sample);
    if (!ms_per_second || vcpus == 0) return std::nullopt;
    return std::min(100.0, *ms_per_second / 1000 / vcpus * 100);
}

// The device instances a VM has samples for (the aggregate "" left out).
std::set<std::string_view> instances(const Samples& samples, std::initializer_list<const char*> counters) {
    std::set<std::string_view> names;
    for (const char* counter : counters)
        if (auto series = samples.find(counter); series != samples.end())
            for (const auto& [instance, sample] : series->second)
                if (!instance.empty()) names.insert(instance);
    return names;
}

model::CpuFigures cpu_figures(const Samples& samples, unsigned vcpus) {
    model::CpuFigures f;
    f.usage_percent = figure(find(samples, cpu_usage, ""));
    if (f.usage_percent) f.usage_percent = std::min(100.0, *f.usage_percent);
    f.ready_percent = per_vcpu_percent(find(samples, cpu_ready, ""), vcpus);
    f.costop_percent = per_vcpu_percent(find(samples, cpu_costop, ""), vcpus);
    return f;
}

std::vector<model::Disk> disks(const Samples& samples) {
    std::vector<model::Disk> disks;
    for (const auto& name : instances(samples, {disk_read, disk_write, disk_reads, disk_writes})) {
        model::Disk disk;
        disk.name = std::string(name);
        model::DiskRates rates;
        rates.read_bytes = scaled(figure(find(samples, disk_read, name)), KiB);
        rates.write_bytes = scaled(figure(find(samples, disk_write, name)), KiB);
        rates.read_requests = figure(find(samples, disk_reads, name));
        rates.write_requests = figure(find(samples, disk_writes, name));
        rates.read_latency = scaled(figure(find(samples, disk_read_latency, name)), 1e-3);
        rates.write_latency = scaled(figure(find(samples, disk_write_latency, name)), 1e-3);
        disk.rates = rates;
        disks.push_back(std::move(disk));
    }
    return disks;
}

std::vector<model::Interface> interfaces(const Samples& samples) {
    std::vector<model::Interface> nics;
    for (const auto& name : instances(samples, {net_rx, net_tx, net_rx_packets, net_tx_packets})) {
        model::Interface nic;
        nic.name = std::string(name);
        model::InterfaceRates rates;
        rates.rx_bytes = scaled(figure(find(samples, net_rx, name)), KiB);
        rates.tx_bytes = scaled(figure(find(samples, net_tx, name)), KiB);
        rates.rx_packets = per_second(find(samples, net_rx_packets, name));
        rates.tx_packets = per_second(find(samples, net_tx_packets, name));
        rates.rx_drops = per_second(find(samples, net_rx_drops, name));
        rates.tx_drops = per_second(find(samples, net_tx_drops, name));
        nic.rates = rates;
        nics.push_back(std::move(nic));
    }
    return nics;
}

std::optional<bool> tools_running(const std::string& status) {
    if (status == "guestToolsRunning" || status == "guestToolsExecutingScripts") return true;
    if (status == "guestToolsNotRunning") return false;
    return std::nullopt;
}

bool powered_on(const Vm& vm) { return vm.power_state == "poweredOn"; }

void flatten(const std::vector<Snapshot>& tree, std::vector<model::Snapshot>& out) {
    for (const auto& snapshot : tree) {
        out.push_back({snapshot.name, snapshot.create_time});
        flatten(snapshot.children, out);
    }
}

}  // namespace

std::string uuid_of(const Vm& vm) {
    if (!vm.instance_uuid.empty()) return vm.instance_uuid;
    if (!vm.bios_uuid.empty()) return vm.bios_uuid;
    return vm.ref.value;
}

std::vector<std::string> perf_counters(unsigned stats) {
    std::vector<std::string> counters;
    if (stats & (model::StatCpu | model::StatVcpu)) counters.insert(counters.end(), {cpu_usage, cpu_ready, cpu_costop});
    if (stats & model::StatDisk)
        counters.insert(counters.end(),
                        {disk_read, disk_write, disk_reads, disk_writes, disk_read_latency, disk_write_latency});
    if (stats & model::StatInterface)
        counters.insert(counters.end(), {net_rx, net_tx, net_rx_packets, net_tx_packets, net_rx_drops, net_tx_drops});
    return counters;
}

bool per_device(unsigned stats) { return (stats & (model::StatDisk | model::StatInterface)) != 0; }

VmDetails vm_details(unsigned stats) {
    VmDetails details;
    details.runtime = (stats & model::StatState) != 0;
    details.hardware = (stats & (model::StatCpu | model::StatVcpu | model::StatMemory)) != 0;
    details.quick_stats = (stats & model::StatMemory) != 0;
    return details;
}

model::VmState power_state(const std::string& text) {
    if (text == "poweredOn") return model::VmState::Running;
    if (text == "poweredOff") return model::VmState::Shutoff;
    if (text == "suspended") return model::VmState::Paused;
    return model::VmState::NoState;
}

model::HypervisorStatus hypervisor_status(const About& about, const std::vector<Host>& hosts, const std::string& url,
                                          double seconds, std::int64_t now) {
    model::HypervisorStatus status;
    status.endpoint = url;
    status.seconds = seconds;
    status.product = !about.full_name.empty() ? about.full_name : !about.name.empty() ? about.name : "vSphere API";
    status.version_of = about.name;
    status.version = about.version;
    for (const auto& host : hosts) {
        model::ManagedHost managed;
        managed.name = host.name;
        managed.cluster = host.cluster;
        managed.connection = host.connection_state;
        managed.in_maintenance = host.in_maintenance;
        managed.status = host.overall_status;
        for (const auto& alarm : host.alarms) managed.alarms.push_back({alarm.name, alarm.status, host.name});
        if (host.uptime_seconds && *host.uptime_seconds >= 0)
            managed.uptime_seconds = static_cast<double>(*host.uptime_seconds);
        else if (host.boot_time && *host.boot_time <= now)
            managed.uptime_seconds = static_cast<double>(now - *host.boot_time);
        managed.version = host.product_version;
        managed.build = host.product_build;
        status.managed_hosts.push_back(std::move(managed));
    }
    // An ESXi host answering for itself: its name and uptime are the hypervisor's.
    if (about.api_type == "HostAgent" && status.managed_hosts.size() == 1) {
        status.hostname = status.managed_hosts.front().name;
        status.uptime_seconds = status.managed_hosts.front().uptime_seconds;
    }
    return status;
}

std::vector<model::Vm> vms_as_model(const std::vector<Vm>& vms, const PerfResult& perf, unsigned stats,
                                    bool running_only) {
    auto samples = by_entity(perf);
    static const Samples none;
    std::vector<model::Vm> out;
    for (const auto& vm : vms) {
        if (vm.is_template.value_or(false)) continue;  // a template never runs: not a VM to watch
        if (running_only && !powered_on(vm)) continue;
        model::Vm m;
        m.name = vm.name;
        m.uuid = uuid_of(vm);
        m.state = power_state(vm.power_state);
        m.state_text = vm.power_state;
        if (vm.num_cpu && *vm.num_cpu > 0) m.vcpus = static_cast<unsigned>(*vm.num_cpu);
        if (stats & model::StatState) {
            m.guest = model::Guest{vm.guest_os, vm.tools_running_status};
            m.runtime = model::VmRuntime{vm.connection_state, tools_running(vm.tools_running_status),
                                         vm.tools_running_status, vm.consolidation_needed,
                                         vm.question ? vm.question->text : std::string()};
        }
        if (stats & model::StatMemory) {
            model::MemoryFigures memory;
            memory.configured = megabytes(vm.memory_mb);
            memory.active = megabytes(vm.guest_memory_usage_mb);
            memory.consumed = megabytes(vm.host_memory_usage_mb);
            memory.ballooned = megabytes(vm.ballooned_mb);
            memory.swapped = megabytes(vm.swapped_mb);
            if (vm.compressed_kb && *vm.compressed_kb >= 0)
                memory.compressed = static_cast<double>(*vm.compressed_kb) * KiB;
            m.memory_figures = memory;
        }
        if (powered_on(vm)) {
            auto found = samples.find(vm.ref.value);
            const Samples& own = found == samples.end() ? none : found->second;
            if (stats & (model::StatCpu | model::StatVcpu)) m.cpu_figures = cpu_figures(own, m.vcpus.value_or(0));
            if (stats & model::StatDisk) m.disks = disks(own);
            if (stats & model::StatInterface) m.interfaces = interfaces(own);
        }
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<model::HostUse> host_uses(const std::vector<Host>& hosts, const std::vector<Vm>& vms) {
    std::vector<model::HostUse> out;
    for (const auto& host : hosts) {
        model::HostUse use;
        use.name = host.name;
        use.uuid = host.ref.value;
        use.cluster = host.cluster;
        use.connection = host.connection_state;
        if (host.cpu_usage_mhz && *host.cpu_usage_mhz >= 0) use.cpu_used_mhz = static_cast<double>(*host.cpu_usage_mhz);
        if (host.cpu_cores && *host.cpu_cores > 0) use.cores = static_cast<unsigned>(*host.cpu_cores);
        if (host.cpu_threads && *host.cpu_threads > 0) use.threads = static_cast<unsigned>(*host.cpu_threads);
        if (host.cpu_hz && *host.cpu_hz > 0 && use.cores > 0)
            use.cpu_capacity_mhz = static_cast<double>(*host.cpu_hz) / 1e6 * use.cores;
        use.memory_used = megabytes(host.memory_usage_mb);
        if (host.memory_bytes && *host.memory_bytes > 0) use.memory_total = static_cast<double>(*host.memory_bytes);
        for (const auto& vm : vms)
            if (vm.host == host.ref && powered_on(vm) && !vm.is_template.value_or(false)) {
                ++use.running_vms;
                use.vm_vcpus += static_cast<double>(vm.num_cpu.value_or(0));
                if (auto memory = megabytes(vm.memory_mb)) use.vm_memory += *memory;
            }
        out.push_back(std::move(use));
    }
    return out;
}

std::vector<model::Datastore> datastores_as_model(const std::vector<Datastore>& datastores) {
    std::vector<model::Datastore> out;
    for (const auto& ds : datastores) {
        model::Datastore d;
        d.name = ds.name;
        d.uuid = !ds.url.empty() ? ds.url : ds.ref.value;
        d.state = ds.accessible.value_or(true) ? model::DatastoreState::Running : model::DatastoreState::Inaccessible;
        auto capacity = ds.capacity_bytes.value_or(-1), free = ds.free_bytes.value_or(-1);
        if (capacity > 0 && free >= 0 && free <= capacity) {
            d.capacity = static_cast<std::uint64_t>(capacity);
            d.available = static_cast<std::uint64_t>(free);
            d.allocation = d.capacity - d.available;
            // Provisioned: what is used now plus what thin disks may still grow into.
            if (ds.uncommitted_bytes && *ds.uncommitted_bytes >= 0)
                d.volume_capacity = d.allocation + static_cast<std::uint64_t>(*ds.uncommitted_bytes);
        } else if (capacity > 0 && free > capacity) {
            d.problem = "capacity " + std::to_string(capacity) + " and free space " + std::to_string(free) +
                        " bytes do not fit together";
        }
        if (!ds.maintenance_mode.empty() && ds.maintenance_mode != "normal") d.maintenance = ds.maintenance_mode;
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<model::VmSnapshots> snapshots_as_model(const std::vector<Vm>& vms) {
    std::vector<model::VmSnapshots> out;
    for (const auto& vm : vms) {
        if (vm.is_template.value_or(false)) continue;
        model::VmSnapshots s;
        s.name = vm.name;
        s.uuid = uuid_of(vm);
        s.state = power_state(vm.power_state);
        flatten(vm.snapshots, s.snapshots);
        if (vm.snapshot_bytes && *vm.snapshot_bytes >= 0) s.size_bytes = static_cast<std::uint64_t>(*vm.snapshot_bytes);
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace virtcheck::vsphere
