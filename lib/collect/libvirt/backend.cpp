// The check side of the libvirt backend: its options, the choice of the client module
// (native or libvirt.so), and a Source over a connection of that module (libvirt.hpp),
// turning libvirt's answers into the model's terms.
#include "collect/libvirt/backend.hpp"

#include <chrono>

#include "collect/libvirt/libvirt.hpp"
#include "collect/libvirt/native/native.hpp"
#include "collect/libvirt/options.hpp"
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

class LibvirtSource final : public Source {
public:
    LibvirtSource(std::unique_ptr<Connection> connection, std::string uri, double connect_seconds, std::string client)
        : connection_(std::move(connection)), uri_(std::move(uri)), connect_seconds_(connect_seconds),
          client_(std::move(client)) {}

    std::string key() const override { return uri_; }

    std::vector<std::string> notes() const override { return {"libvirt client: " + client_}; }

    model::HypervisorStatus hypervisor(bool with_capabilities) override {
        auto started = std::chrono::steady_clock::now();
        model::Host host = connection_->host_info();
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

    model::Host host() override { return connection_->host_info(); }

    model::HostCpu host_cpu() override {
        model::HostCpu cpu;
        cpu.times = connection_->node_cpu();
        return cpu;
    }

    model::HostMemory host_memory() override {
        auto memory = connection_->node_memory();
        return memory ? *memory : model::HostMemory{};
    }

    std::vector<model::Datastore> datastores(bool rescan, const Wanted& wanted) override {
        return connection_->pools(rescan, [&](const model::Datastore& pool) { return wanted(pool.name, pool.uuid); });
    }

    std::vector<model::Network> networks() override { return connection_->networks(); }

    std::vector<model::VmSnapshots> snapshots(const Wanted& wanted) override {
        return connection_->snapshots([&](const model::VmSnapshots& vm) { return wanted(vm.name, vm.uuid); });
    }

private:
    std::unique_ptr<Connection> connection_;
    std::string uri_;
    double connect_seconds_;
    std::string client_;  // which module answers, and why that one: for -v
};

class LibvirtBackend final : public virtcheck::Backend {
public:
    LibvirtBackend(Cli& cli, const CommonOptions& common) : options_(cli, common) {}

    std::string name() const override { return "libvirt"; }
    std::string how_to_choose() const override { return "--uri URI"; }
    bool chosen() const override { return options_.uri_given() || options_.client_given(); }

    unsigned facts(Target target) const override {
        switch (target) {
            case Target::Hypervisor: return model::FactLibvirtVersion | model::FactCapabilities;
            case Target::HostCpu: return model::FactCpuTimes | model::FactVmAssignment;
            case Target::HostMemory: return model::FactVmAssignment;
            case Target::Datastores: return model::FactVolumes | model::FactRescan;
            default: return 0;
        }
    }

    // The one place that chooses the client: the native one where it handles the URI, else
    // libvirt.so; a refusal of the native client (NotHandledNatively, before or after it
    // connected) sends the run to libvirt.so once, never back.
    std::unique_ptr<Source> open(Access access, Progress& progress) override {
        const std::string uri = options_.uri();
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

private:
    static std::unique_ptr<Source> open_with(Module<Client>& client, const std::string& uri, Access access,
                                             Progress& progress, std::string which) {
        // Loading the module is not part of the hypervisor's response time.
        Client& module = client.get();
        auto started = std::chrono::steady_clock::now();
        auto connection = module.open(uri, access, progress);
        return std::make_unique<LibvirtSource>(std::move(connection), uri, seconds_since(started), std::move(which));
    }

    ConnectionOptions options_;
};

bool serves(Target target, unsigned) { return target != Target::Containers; }

std::unique_ptr<virtcheck::Backend> make(Cli& cli, const CommonOptions& common, Target) {
    return std::make_unique<LibvirtBackend>(cli, common);
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
