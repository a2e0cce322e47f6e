#include "libvirt_dump.hpp"

#include <sstream>
#include <stdexcept>

namespace virtcheck::testing {
namespace {

using namespace libvirt;

template <typename T>
std::string value(const std::optional<T>& v) {
    if (!v) return "-";
    std::ostringstream out;
    out << *v;
    return out.str();
}

class Lines {
public:
    explicit Lines(std::string prefix = "") : prefix_(std::move(prefix)) {}
    template <typename T>
    Lines& add(const std::string& key, const T& v) {
        out_ << prefix_ << key << ' ' << v << '\n';
        return *this;
    }
    template <typename T>
    Lines& add(const std::string& key, const std::optional<T>& v) {
        return add(key, value(v));
    }
    std::string str() const { return out_.str(); }

private:
    std::string prefix_;
    std::ostringstream out_;
};

// Byte counts as integers: the default stream format would round them to 6 digits.
std::optional<std::uint64_t> whole(const std::optional<double>& bytes) {
    return bytes ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(*bytes)) : std::nullopt;
}

}  // namespace

std::string dump(const model::Host& host) {
    return Lines()
        .add("driver", host.driver)
        .add("hypervisor_version", host.hypervisor_version)
        .add("libvirt_version", host.libvirt_version)
        .add("hostname", host.hostname)
        .add("cpu_model", host.cpu_model)
        .add("cpus", host.cpus)
        .add("memory_bytes", host.memory_bytes)
        .add("running_vms", host.running_vms)
        .str();
}

std::string dump(const model::Capabilities& capabilities) {
    Lines lines;
    lines.add("host_arch", capabilities.host_arch);
    for (const auto& type : capabilities.domain_types) lines.add("domain_type", type);
    return lines.str();
}

std::string dump(const model::HostCpuTimes& s) {
    return Lines().add("user_ns", s.user_ns).add("kernel_ns", s.kernel_ns).add("idle_ns", s.idle_ns).add("iowait_ns", s.iowait_ns).str();
}

std::string dump(const model::HostMemory& s) {
    return Lines().add("memory_total", whole(s.total)).add("memory_free", whole(s.free))
        .add("memory_buffers", whole(s.buffers)).add("memory_cached", whole(s.cached)).str();
}

std::string dump(const std::vector<model::Vm>& vms) {
    std::string all;
    for (const auto& vm : vms) {
        Lines l("vm " + vm.uuid + " ");
        l.add("name", vm.name).add("id", vm.id).add("state", static_cast<int>(vm.state)).add("reason", vm.reason)
            .add("busy", vm.busy).add("autostart", vm.autostart).add("cpu_time_ns", vm.cpu_time_ns).add("vcpus", vm.vcpus)
            .add("reported_groups", vm.reported_groups)
            .add("guest", vm.guest ? vm.guest->os + "/" + vm.guest->tools : "-");
        for (std::size_t i = 0; i < vm.vcpu.size(); ++i) {
            std::string p = "vcpu." + std::to_string(i) + ".";
            l.add(p + "time_ns", vm.vcpu[i].time_ns).add(p + "wait_ns", vm.vcpu[i].wait_ns).add(p + "delay_ns", vm.vcpu[i].delay_ns);
        }
        const model::MemoryStats& b = vm.memory;
        l.add("balloon.current_kib", b.current_kib).add("balloon.maximum_kib", b.maximum_kib)
            .add("balloon.available_kib", b.available_kib).add("balloon.unused_kib", b.unused_kib)
            .add("balloon.usable_kib", b.usable_kib).add("balloon.rss_kib", b.rss_kib)
            .add("balloon.disk_caches_kib", b.disk_caches_kib).add("balloon.swap_in_kib", b.swap_in_kib)
            .add("balloon.swap_out_kib", b.swap_out_kib).add("balloon.major_faults", b.major_faults)
            .add("balloon.minor_faults", b.minor_faults);
        for (std::size_t i = 0; i < vm.disks.size(); ++i) {
            const model::Disk& d = vm.disks[i];
            std::string p = "block." + std::to_string(i) + ".";
            l.add(p + "name", d.name).add(p + "path", d.path).add(p + "read_requests", d.read_requests)
                .add(p + "read_bytes", d.read_bytes).add(p + "read_ns", d.read_ns).add(p + "write_requests", d.write_requests)
                .add(p + "write_bytes", d.write_bytes).add(p + "write_ns", d.write_ns).add(p + "errors", d.errors)
                .add(p + "allocation", d.allocation).add(p + "capacity", d.capacity).add(p + "physical", d.physical);
        }
        for (std::size_t i = 0; i < vm.interfaces.size(); ++i) {
            const model::Interface& n = vm.interfaces[i];
            std::string p = "net." + std::to_string(i) + ".";
            l.add(p + "name", n.name).add(p + "rx_bytes", n.rx_bytes).add(p + "rx_packets", n.rx_packets)
                .add(p + "rx_errors", n.rx_errors).add(p + "rx_drops", n.rx_drops).add(p + "tx_bytes", n.tx_bytes)
                .add(p + "tx_packets", n.tx_packets).add(p + "tx_errors", n.tx_errors).add(p + "tx_drops", n.tx_drops);
        }
        for (const auto& error : vm.disk_errors) l.add("disk_error", error);
        all += l.str();
    }
    return all;
}

std::string dump(const std::vector<model::Datastore>& pools) {
    std::string all;
    for (const auto& pool : pools) {
        all += Lines("pool " + pool.uuid + " ")
                   .add("name", pool.name).add("state", static_cast<int>(pool.state)).add("autostart", pool.autostart)
                   .add("capacity", pool.capacity).add("allocation", pool.allocation).add("available", pool.available)
                   .add("volumes", pool.volumes).add("volume_capacity", pool.volume_capacity).add("problem", pool.problem)
                   .str();
    }
    return all;
}

std::string dump(const std::vector<model::Network>& networks) {
    std::string all;
    for (const auto& net : networks) {
        all += Lines("network " + net.uuid + " ")
                   .add("name", net.name).add("active", net.active).add("persistent", net.persistent)
                   .add("autostart", net.autostart).add("bridge", net.bridge).add("bridge_present", net.bridge_present)
                   .add("dhcp_addresses", net.dhcp_addresses).add("leases", net.leases)
                   .str();
    }
    return all;
}

std::string dump(const std::vector<model::VmSnapshots>& vms) {
    std::string all;
    for (const auto& vm : vms) {
        Lines l("snapshots " + vm.uuid + " ");
        l.add("name", vm.name).add("state", static_cast<int>(vm.state)).add("count", vm.snapshots.size());
        for (const auto& s : vm.snapshots) l.add("snapshot", s.name + " " + value(s.created));
        all += l.str();
    }
    return all;
}

std::string run_operation(Connection& connection, const std::string& operation) {
    auto equals = operation.find('=');
    std::string name = operation.substr(0, equals);
    std::string argument = equals == std::string::npos ? "" : operation.substr(equals + 1);
    if (name == "host") return dump(connection.host_info());
    if (name == "capabilities") return dump(connection.capabilities());
    if (name == "node-cpu") {
        auto stats = connection.node_cpu();
        return stats ? dump(*stats) : "node-cpu unsupported\n";
    }
    if (name == "node-memory") {
        auto stats = connection.node_memory();
        return stats ? dump(*stats) : "node-memory unsupported\n";
    }
    if (name == "stats" || name == "stats-all") return dump(connection.domain_stats(std::stoul(argument), name == "stats"));
    if (name == "autostart") {
        std::string all;
        for (const auto& vm : connection.domain_stats(model::StatState, false))
            all += "autostart " + vm.uuid + " " + value(connection.autostart(vm.uuid)) + "\n";
        return all;
    }
    if (name == "pools" || name == "refresh-pools")
        return dump(connection.pools(name == "refresh-pools", [](const model::Datastore&) { return true; }));
    if (name == "networks") return dump(connection.networks());
    if (name == "snapshots") return dump(connection.snapshots([](const model::VmSnapshots&) { return true; }));
    throw std::invalid_argument("unknown operation " + operation);
}

}  // namespace virtcheck::testing
