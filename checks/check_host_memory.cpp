// check_host_memory: the hypervisor host's memory use, and memory assigned to running VMs;
// over SNMP, UCD-SNMP-MIB memory or the HOST-RESOURCES-MIB RAM row.
#include "collect/libvirt/options.hpp"
#include "collect/snmp/options.hpp"
#include "collect/snmp/tables.hpp"
#include "core/errors.hpp"
#include "core/runtime.hpp"
#include "evaluate/host.hpp"
#include "evaluate/snmp_host.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"HOST_MEMORY", "Memory of the hypervisor host, and memory over-commit by its running VMs",
                  {"host memory in use (without buffers and cache), % of total", Unit::Percent}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    snmp::SnmpOptions snmp_options{options, connection.auth_file()};
    options.add_metric({"used", "host memory in use, bytes", Unit::Bytes});
    options.add_metric({"free", "free host memory, bytes (e.g. -c free=2GiB:)", Unit::Bytes});
    options.add_metric({"overcommit", "memory assigned to running VMs, % of host memory", Unit::Percent});

    return plugin.run(argc, argv, [&](Run& run) {
        HostMemoryRules rules{run.thresholds(), run.thresholds("used"), run.thresholds("free"),
                              run.thresholds("overcommit")};
        if (snmp_options.enabled()) {
            if (rules.overcommit.given())
                throw UsageError("overcommit thresholds need libvirt: SNMP does not tell what VMs were given");
            auto session = snmp::open(snmp_options.session(), run);
            auto ucd = snmp::read_ucd_memory(session->walk(snmp::ucd_memory));
            std::vector<snmp::StorageArea> storage;
            if (!ucd.total_kib || !ucd.available_kib)
                storage = snmp::read_storage(snmp::walk_table(*session, snmp::hr_storage_entry, "hrStorageTable",
                                                              "it has no UCD-SNMP-MIB memory either"));
            return evaluate_snmp_host_memory(storage, ucd, rules);
        }
        auto hypervisor = libvirt::open(connection.uri(), run);
        auto host = hypervisor->host_info();
        auto running = hypervisor->domain_stats(libvirt::StatBalloon, true);
        return evaluate_host_memory(host, hypervisor->node_memory(), running, rules);
    });
}
