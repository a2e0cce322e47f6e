// The check side of the vSphere backend: its options, and a Source over a session of the
// module (vsphere.hpp) that makes the few bulk reads each target needs and maps them into
// the model (mapping.hpp).
#include "collect/vsphere/backend.hpp"

#include <chrono>
#include <ctime>

#include "collect/vsphere/mapping.hpp"
#include "collect/vsphere/options.hpp"
#include "core/errors.hpp"
#include "model/facts.hpp"

namespace virtcheck::vsphere {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class VsphereSource final : public Source {
public:
    VsphereSource(std::unique_ptr<Client> client, ConnectOptions options, double connect_seconds)
        : client_(std::move(client)), options_(std::move(options)), connect_seconds_(connect_seconds) {}

    std::string key() const override {
        return options_.url + "|" + options_.datacenter + "|" + options_.cluster + "|" + options_.esx_host;
    }

    model::HypervisorStatus hypervisor(bool) override {
        auto started = std::chrono::steady_clock::now();
        About about = client_->about();
        auto hosts = client_->hosts();
        return hypervisor_status(about, hosts, options_.url, connect_seconds_ + seconds_since(started),
                                 static_cast<std::int64_t>(std::time(nullptr)));
    }

    std::vector<model::Vm> vms(unsigned stats, bool running_only) override {
        auto vms = client_->vms(vm_details(stats));
        // One QueryPerf for every powered-on VM: figures per 20 s sample, no rates to keep.
        PerfResult perf;
        PerfQuery query{{}, perf_counters(stats), per_device(stats)};
        for (const auto& vm : vms)
            if (vm.power_state == "poweredOn" && !vm.is_template.value_or(false)) query.entities.push_back(vm.ref);
        if (!query.counters.empty() && !query.entities.empty()) perf = client_->perf(query);
        return vms_as_model(vms, perf, stats, running_only);
    }

    model::HostCpu host_cpu() override {
        model::HostCpu cpu;
        cpu.hosts = host_uses(client_->hosts(), client_->vms(placement()));
        return cpu;
    }

    model::HostMemory host_memory() override {
        model::HostMemory memory;
        memory.hosts = host_uses(client_->hosts(), client_->vms(placement()));
        return memory;
    }

    std::vector<model::Datastore> datastores(bool, const Wanted&) override {
        return datastores_as_model(client_->datastores());
    }

    std::vector<model::VmSnapshots> snapshots(const Wanted&) override {
        return snapshots_as_model(
            client_->vms({.runtime = false, .hardware = false, .quick_stats = false, .snapshots = true}));
    }

    // Two requests whatever the inventory: every host's services and lockdown mode, every
    // VM's configuration (extra config, devices, firmware).
    model::Security security(const Wanted& wanted) override {
        auto hosts = client_->hosts();
        auto vms = client_->vms({.runtime = false, .hardware = false, .quick_stats = false, .security = true});
        std::erase_if(vms, [&](const Vm& vm) { return !wanted(vm.name, uuid_of(vm)); });
        return security_as_model(hosts, vms);
    }

    std::vector<std::string> remarks(int verbosity) const override {
        std::vector<std::string> out;
        if (verbosity < 1) return out;
        if (options_.insecure)
            out.push_back("the certificate of " + options_.url + " was not verified (--insecure)");
        if (verbosity >= 2) {
            Statistics s = client_->statistics();
            out.push_back("vSphere session " +
                          std::string(!options_.session_cache ? "not cached (--no-session-cache)"
                                      : s.session_reused && s.logins == 0 ? "reused from the cache"
                                      : s.session_reused                  ? "stale, logged in again"
                                                                          : "new, logged in") +
                          ": " + std::to_string(s.http_requests) + " HTTP requests, " + std::to_string(s.logins) +
                          (s.logins == 1 ? " login" : " logins"));
        }
        return out;
    }

private:
    // What host figures need of the VMs: where they run, with how many vCPUs and how much memory;
    // not their names and UUIDs, a third of the answer.
    static VmDetails placement() {
        return {.identity = false, .runtime = false, .hardware = true, .quick_stats = false};
    }

    std::unique_ptr<Client> client_;
    ConnectOptions options_;
    double connect_seconds_;
};

class VsphereBackend final : public virtcheck::Backend {
public:
    VsphereBackend(Cli& cli, const CommonOptions& common) : options_(cli, common.auth_file) {}

    std::string name() const override { return "vSphere"; }
    std::string how_to_choose() const override { return "--vsphere URL (or -H HOST --vsphere)"; }
    std::string options_heading() const override { return VsphereOptions::heading; }
    void add_options(CLI::App& group) override { options_.add_to(group); }
    bool chosen() const override { return options_.given(); }

    unsigned facts(Target target) const override {
        switch (target) {
            case Target::Hypervisor: return model::FactUptime | model::FactAlarms | model::FactManagedHosts;
            case Target::Vms: return model::FactCpuReady | model::FactMemoryReclaim;
            case Target::HostCpu:
            case Target::HostMemory: return model::FactVmAssignment | model::FactManagedHosts;
            case Target::Datastores: return model::FactProvisioning;
            case Target::Snapshots: return model::FactSnapshotSize;
            case Target::Security: return model::FactHostServices;
            default: return 0;
        }
    }

    std::unique_ptr<Source> open(Access access, Progress& progress) override {
        if (access == Access::ReadWrite) throw UsageError("vSphere mode only reads");
        ConnectOptions connect_options = options_.connect_options();
        Connector& module = connector();  // loading the module is not part of the response time
        auto started = std::chrono::steady_clock::now();
        auto client = module.connect(connect_options, progress);
        return std::make_unique<VsphereSource>(std::move(client), std::move(connect_options), seconds_since(started));
    }

private:
    VsphereOptions options_;
};

bool serves(Target target, unsigned) { return target != Target::Networks && target != Target::Containers; }

std::unique_ptr<virtcheck::Backend> make(Cli& cli, const CommonOptions& common, Target) {
    return std::make_unique<VsphereBackend>(cli, common);
}

}  // namespace

Registration registration() { return {serves, make, "in vSphere mode username= and password= lines"}; }

}  // namespace virtcheck::vsphere
