// The check side of the libvirt backend: its options, the choice of the client module
// (native or libvirt.so), and a Source over a connection of that module (libvirt.hpp),
// turning libvirt's answers into the model's terms.
#include "collect/libvirt/backend.hpp"

#include <chrono>

#include "collect/image_files.hpp"
#include "collect/libvirt/libvirt.hpp"
#include "collect/libvirt/meminfo.hpp"
#include "collect/libvirt/native/native.hpp"
#include "collect/libvirt/options.hpp"
#include "collect/libvirt/unmanaged.hpp"
#include "core/errors.hpp"
#include "core/module.hpp"
#include "core/version.hpp"
#include "model/facts.hpp"

namespace virtcheck::libvirt {
namespace {

Module<Client>& library_module() {
    static Module<Client> module{module_file, client_symbol};
    return module;
}

// The same interface, the same symbol: libvirt's protocol without libvirt.so.
Module<Client>& native_module() {
    static Module<Client> module{native::module_file, client_symbol};
    return module;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string version_text(const std::optional<std::uint64_t>& packed) {
    return packed ? unpack_libvirt_version(*packed).to_string() : "";
}

// libvirt's own VMware drivers (esx://, vpx://, gsx://) answer the hypervisor questions, but
// have neither bulk domain stats, nor storage pools, nor snapshot lists: every other check
// would end in "not supported by the connection driver". Point at the vSphere mode instead.
void refuse_vmware_driver(const std::string& uri, Target target) {
    auto scheme = uri.substr(0, uri.find(':'));
    scheme = scheme.substr(0, scheme.find('+'));
    if (target == Target::Hypervisor || (scheme != "esx" && scheme != "vpx" && scheme != "gsx")) return;
    // esx://[user@]host[:port]/?query -> host, for the URL to give instead.
    std::string host = uri.find("://") == std::string::npos ? "" : uri.substr(uri.find("://") + 3);
    host = host.substr(0, host.find_first_of("/?"));
    if (auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
    throw UsageError("libvirt's " + scheme + " driver (" + uri + ") cannot give this check's figures: use --vsphere https://" +
                     (host.empty() ? "HOST" : host) + "/sdk (the vSphere API, see VSPHERE MODE in the man page)");
}

class LibvirtSource final : public Source {
public:
    LibvirtSource(std::unique_ptr<Connection> connection, std::string uri, double connect_seconds, std::string client)
        : connection_(std::move(connection)), uri_(std::move(uri)), connect_seconds_(connect_seconds),
          client_(std::move(client)) {}

    std::string key() const override { return uri_; }

    std::vector<std::string> remarks(int verbosity) const override {
        if (verbosity < 1) return {};
        return {"libvirt client: " + client_};
    }

    model::HypervisorStatus hypervisor(bool with_capabilities) override {
        auto started = std::chrono::steady_clock::now();
        model::Host host = host_info();
        std::optional<model::Capabilities> capabilities;
        if (with_capabilities) capabilities = connection_->capabilities();
        auto status = hypervisor_status(uri_, std::move(host), connect_seconds_ + seconds_since(started));
        status.capabilities = std::move(capabilities);
        return status;
    }

    std::vector<model::Vm> vms(unsigned stats, bool running_only) override {
        return connection_->domain_stats(stats, running_only);
    }

    std::optional<bool> autostart(const model::Vm& vm) override {
        return vm.autostart ? vm.autostart : connection_->autostart(vm.uuid);
    }

    model::Host host() override { return host_info(); }

    model::HostCpu host_cpu() override {
        model::HostCpu cpu;
        cpu.times = connection_->node_cpu();
        return cpu;
    }

    model::HostMemory host_memory() override {
        auto memory = connection_->node_memory();
        if (!memory) return {};
        // libvirt's node statistics have no MemAvailable; on this very host the kernel's own
        // count is at hand, and is the one definition of memory in use.
        if (is_this_host(uri_)) {
            auto local = read_meminfo();
            if (local.total && local.available) {
                local.basis = "total - MemAvailable";
                return local;
            }
        }
        return *memory;
    }

    std::vector<model::Datastore> datastores(bool rescan, const Wanted& wanted) override {
        return connection_->pools(rescan, [&](const model::Datastore& pool) { return wanted(pool.name, pool.uuid); });
    }

    std::vector<model::Network> networks() override { return connection_->networks(); }

    std::vector<model::VmSnapshots> snapshots(const Wanted& wanted) override {
        return connection_->snapshots([&](const model::VmSnapshots& vm) { return wanted(vm.name, vm.uuid); });
    }

    model::Security security(const Wanted& wanted) override {
        model::Security security;
        security.host = connection_->host_security();
        security.vms = connection_->vm_security([&](const model::VmSecurity& vm) { return wanted(vm.name, vm.uuid); });
        if (is_local_uri(uri_)) read_image_modes(security.vms);
        else mark_image_modes_remote(security.vms);
        return security;
    }

private:
    // virNodeGetInfo's memory is not always the host's total (on some hosts it is about
    // what is free); the total is what check_host_memory counts against: MemTotal.
    model::Host host_info() {
        model::Host host = connection_->host_info();
        std::optional<double> total;
        if (is_this_host(uri_)) {
            total = read_meminfo().total;
        } else {
            try {
                if (auto memory = connection_->node_memory()) total = memory->total;
            } catch (const CollectError&) {
                // A daemon that cannot tell leaves virNodeGetInfo's figure.
            }
        }
        if (total && *total > 0) host.memory_bytes = static_cast<std::uint64_t>(*total);
        return host;
    }

    std::unique_ptr<Connection> connection_;
    std::string uri_;
    double connect_seconds_;
    std::string client_;  // which module answers, and why that one: for -v
};

// The daemon is down: for this host's own QEMU driver, say how many VMs still run without it.
CollectError with_unmanaged_vms(const CollectError& down, const std::string& uri) {
    auto local = local_qemu(uri);
    if (!local) return down;
    auto guests = unmanaged_guests(*local);
    if (guests.empty()) return down;
    std::string names;
    for (std::size_t i = 0; i < guests.size() && i < 5; ++i) names += (i ? ", " : "") + guests[i];
    if (guests.size() > 5) names += " and " + std::to_string(guests.size() - 5) + " more";
    std::string text = down.what();
    const std::string prefix = "hypervisor not running: ";
    if (text.starts_with(prefix)) text.erase(0, prefix.size());
    return CollectError(down.kind, prefix + "libvirtd is not running but " + std::to_string(guests.size()) +
                                       (guests.size() == 1 ? " VM still runs" : " VMs still run") + " unmanaged (" +
                                       names + "): " + text);
}

class LibvirtBackend final : public virtcheck::Backend {
public:
    LibvirtBackend(Cli& cli, const CommonOptions& common, Target target) : options_(cli, common), target_(target) {}

    std::string name() const override { return "libvirt"; }
    std::string how_to_choose() const override { return "--uri URI"; }
    std::string options_heading() const override { return ConnectionOptions::heading; }
    void add_options(CLI::App& group) override { options_.add_to(group); }
    bool chosen() const override { return options_.uri_given() || options_.client_given(); }

    unsigned facts(Target target) const override {
        switch (target) {
            case Target::Hypervisor: return model::FactLibvirtVersion | model::FactCapabilities;
            case Target::HostCpu: return model::FactCpuTimes | model::FactVmAssignment;
            case Target::HostMemory: return model::FactVmAssignment;
            case Target::Vms:
                return model::FactVcpuCounters | model::FactGuestCounters | model::FactDiskAllocation |
                       model::FactDeviceErrors | model::FactCounters;
            case Target::Datastores: return model::FactVolumes | model::FactProvisioning | model::FactRescan;
            default: return 0;
        }
    }

    // The one place that chooses the client: the native one where it handles the URI, else
    // libvirt.so; a refusal of the native client (NotHandledNatively, raised while opening)
    // sends the run to libvirt.so once, never back.
    std::unique_ptr<Source> open(Access access, Progress& progress) override {
        const std::string uri = options_.uri();
        refuse_vmware_driver(uri, target_);
        try {
            return open_chosen(uri, access, progress);
        } catch (const CollectError& e) {
            if (e.kind == CollectError::Kind::Unreachable) throw with_unmanaged_vms(e, uri);
            throw;
        }
    }

private:
    std::unique_ptr<Source> open_chosen(const std::string& uri, Access access, Progress& progress) {
        const ClientChoice choice = options_.client();
        if (choice == ClientChoice::Library)
            return open_with(library_module(), uri, access, progress, "libvirt.so (--libvirt-client library)");
        std::string why_library;
        try {
            return open_with(native_module(), uri, access, progress, "native");
        } catch (const native::NotHandledNatively& e) {
            if (choice == ClientChoice::Native)
                throw CollectError(CollectError::Kind::Failed,
                                   std::string(e.what()) + ", and --libvirt-client native rules out libvirt.so");
            why_library = "libvirt.so, as the native client does not handle " + e.why;
        }
        return open_with(library_module(), uri, access, progress, why_library);
    }

    static std::unique_ptr<Source> open_with(Module<Client>& client, const std::string& uri, Access access,
                                             Progress& progress, std::string which) {
        // Loading the module is not part of the hypervisor's response time.
        Client& module = client.get();
        auto started = std::chrono::steady_clock::now();
        auto connection = module.open(uri, access, progress);
        return std::make_unique<LibvirtSource>(std::move(connection), uri, seconds_since(started), std::move(which));
    }

    ConnectionOptions options_;
    Target target_;
};

bool serves(Target target, unsigned) { return target != Target::Containers; }

std::unique_ptr<virtcheck::Backend> make(Cli& cli, const CommonOptions& common, Target target) {
    return std::make_unique<LibvirtBackend>(cli, common, target);
}

}  // namespace

model::HypervisorStatus hypervisor_status(const std::string& uri, model::Host host, double seconds) {
    model::HypervisorStatus status;
    status.endpoint = uri;
    status.seconds = seconds;
    status.version_of = host.driver;
    status.version = version_text(host.hypervisor_version);
    status.manager = "libvirt";
    status.manager_version = version_text(host.libvirt_version);
    auto shown = [](const std::string& version) { return version.empty() ? "(version unknown)" : version; };
    status.product = host.driver + " " + shown(status.version) + " via libvirt " + shown(status.manager_version);
    status.hostname = host.hostname;
    status.host = std::move(host);
    return status;
}

Registration registration() { return {serves, make, "libvirt's auth.conf"}; }

}  // namespace virtcheck::libvirt
