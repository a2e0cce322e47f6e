// check_datastore: storage pools (libvirt's datastores): state, fill, free space, over-provisioning;
// over SNMP, ESXi datastores or a host's file systems from hrStorageTable.
#include "collect/libvirt/options.hpp"
#include "collect/snmp/datastores.hpp"
#include "collect/snmp/options.hpp"
#include "core/errors.hpp"
#include "core/runtime.hpp"
#include "evaluate/datastore.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"DATASTORE", "Storage pools: state, fill, free space and over-provisioning",
                  {"allocation of each pool, % of its capacity", Unit::Percent, "free"}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    Selection selection{options, "pool"};
    snmp::SnmpOptions snmp_options{options, connection.auth_file()};
    std::vector<std::string> types = {"fixed", "network"};
    options.add_option("--type", types,
                       "SNMP mode, not on ESXi: storage types to check: fixed, network (default both), removable, "
                       "ram, virtual, other, all (repeatable)")
        ->option_text("TYPE");
    bool refresh = false;
    options.add_flag("--refresh", refresh,
                     "Rescan the selected pools first, as 'virsh pool-refresh' does (needs read-write access)");
    options.add_metric({"free", "free space of each pool, bytes (e.g. -w free=20GiB: or -w 20GiB:)", Unit::Bytes});
    options.add_metric({"used", "allocated space of each pool, bytes", Unit::Bytes});
    options.add_metric({"provisioned", "capacity of all volumes, % of the pool's capacity (thin pools)", Unit::Percent});

    return plugin.run(argc, argv, [&](Run& run) {
        selection.prepare();
        DatastoreRules rules{run.thresholds(), run.thresholds("used"), run.thresholds("free"),
                             run.thresholds("provisioned")};
        if (snmp_options.enabled()) {
            if (refresh) throw UsageError("--refresh needs libvirt, not SNMP");
            if (rules.provisioned.given())
                throw UsageError("provisioned thresholds need libvirt: SNMP does not list volumes");
            auto session = snmp::open(snmp_options.session(), run);
            auto areas = snmp::read_storage(snmp::walk_table(*session, snmp::hr_storage_entry, "hrStorageTable", ""));
            return evaluate_datastores(snmp::storage_as_pools(areas, types), selection, rules);
        }
        auto access = refresh ? libvirt::Access::ReadWrite : libvirt::Access::ReadOnly;
        auto hypervisor = libvirt::open(connection.uri(), run, access);
        auto pools = hypervisor->pools(refresh, [&](const auto& pool) { return selection.selects(pool.name, pool.uuid); });
        return evaluate_datastores(pools, selection, rules);
    });
}
