// The check side of the SNMP backend: its options, and a Source over a session of the module
// (snmp.hpp) that reads the tables each target needs and gives them in the model's terms.
#include "collect/snmp/backend.hpp"

#include <chrono>

#include "collect/snmp/datastores.hpp"
#include "collect/snmp/host_figures.hpp"
#include "collect/snmp/host_probe.hpp"
#include "collect/snmp/options.hpp"
#include "collect/snmp/tables.hpp"
#include "collect/snmp/vmware_vms.hpp"
#include "core/errors.hpp"
#include "model/facts.hpp"

namespace virtcheck::snmp {
namespace {

class SnmpSource final : public Source {
public:
    SnmpSource(std::unique_ptr<Session> session, SessionOptions options, std::vector<std::string> types,
               std::chrono::steady_clock::time_point opened)
        : session_(std::move(session)), options_(std::move(options)), types_(std::move(types)), opened_(opened) {}

    std::string key() const override { return options_.host + ":" + std::to_string(options_.port); }

    model::HypervisorStatus hypervisor(bool) override {
        return hypervisor_status(probe_host(*session_, options_, opened_));
    }

    std::vector<model::Vm> vms(unsigned, bool) override {
        auto rows = session_->walk(vmw_vm_entry);
        // An ESXi host without VMs has an empty table; any other agent has none at all.
        if (rows.empty() && !is_vmware(*session_))
            throw CollectError(CollectError::Kind::Failed,
                               "the SNMP agent has no vmwVmTable (1.3.6.1.4.1.6876.2.1.1), not an ESXi host?");
        return vmware_vms_as_model(read_vmware_vms(rows));
    }

    model::HostCpu host_cpu() override { return read_host_cpu(*session_); }

    model::HostMemory host_memory() override {
        auto ucd = read_ucd_memory(session_->walk(ucd_memory));
        std::vector<StorageArea> storage;
        if (!ucd.total_kib || (!ucd.available_kib && !ucd.free_kib))
            storage = read_storage(
                walk_table(*session_, hr_storage_entry, "hrStorageTable", "it has no UCD-SNMP-MIB memory either"));
        return host_memory_of(storage, ucd);
    }

    std::vector<model::Datastore> datastores(bool, const Wanted&) override {
        auto areas = read_storage(walk_table(*session_, hr_storage_entry, "hrStorageTable", ""));
        return storage_as_pools(areas, types_);
    }

private:
    std::unique_ptr<Session> session_;
    SessionOptions options_;
    std::vector<std::string> types_;
    std::chrono::steady_clock::time_point opened_;
};

class SnmpBackend final : public virtcheck::Backend {
public:
    SnmpBackend(Cli& cli, const CommonOptions& common, Target target)
        : options_(cli, common.auth_file), target_(target) {}

    std::string name() const override { return "SNMP"; }
    std::string how_to_choose() const override { return "-C COMMUNITY, -U USER, -P 3 or --snmp"; }
    std::string options_heading() const override { return SnmpOptions::heading; }
    void add_options(CLI::App& group) override {
        options_.add_to(group);
        if (target_ == Target::Datastores)
            group.add_option("--type", types_,
                             "SNMP mode, not on ESXi: storage types to check: fixed, network (default both), "
                             "removable, ram, virtual, other, all (repeatable)")
                ->option_text("TYPE");
    }
    bool chosen() const override { return options_.enabled(); }

    unsigned facts(Target target) const override {
        switch (target) {
            case Target::Hypervisor: return model::FactUptime | model::FactAddressFamily;
            case Target::HostCpu: return model::FactCpuLoads | model::FactAddressFamily;
            default: return model::FactAddressFamily;
        }
    }

    std::unique_ptr<Source> open(Access, Progress& progress) override {
        SessionOptions session = options_.session();
        Client& module = client();  // loading the module is not part of the agent's response time
        auto opened = std::chrono::steady_clock::now();
        auto connection = module.open(session, progress);
        return std::make_unique<SnmpSource>(std::move(connection), std::move(session), types_, opened);
    }

private:
    SnmpOptions options_;
    Target target_;
    std::vector<std::string> types_ = {"fixed", "network"};
};

bool serves(Target target, unsigned stats) {
    switch (target) {
        case Target::Hypervisor:
        case Target::HostCpu:
        case Target::HostMemory:
        case Target::Datastores: return true;
        case Target::Vms: return (stats & ~model::StatState) == 0;  // ESXi's VM table has states only
        default: return false;
    }
}

std::unique_ptr<virtcheck::Backend> make(Cli& cli, const CommonOptions& common, Target target) {
    return std::make_unique<SnmpBackend>(cli, common, target);
}

}  // namespace

Registration registration() { return {serves, make, "in SNMP mode community=, auth-password=, priv-password= lines"}; }

}  // namespace virtcheck::snmp
