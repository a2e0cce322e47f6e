// check_datastore: datastores (libvirt's storage pools, ESXi datastores, a host's file systems):
// state, fill, free space, over-provisioning.
#include "evaluate/datastore.hpp"
#include "plugin/plugin.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"DATASTORE", "Storage pools: state, fill, free space and over-provisioning", datastore::metrics};
    plugin.target(Target::Datastores).select("pool").examples({
        "--uri qemu:///system -w 80% -c 90%",
        "--pool images -w 20GiB: -c 5GiB: -w provisioned=150%",
        "-H esx1 -C public -w 85% -c 95%"});
    bool refresh = false;
    plugin.needs(model::FactRescan,
                 plugin.options().add_flag("--refresh", refresh,
                                           "Rescan the selected pools first, as 'virsh pool-refresh' does (needs "
                                           "read-write access)"));
    return plugin.run(argc, argv, [&](Check& check) {
        const Selection& selection = check.selection();
        Source& source = check.source(refresh ? Access::ReadWrite : Access::ReadOnly);
        auto pools = source.datastores(refresh, [&](const auto& name, const auto& uuid) { return selection.selects(name, uuid); });
        return evaluate_datastores(pools, selection, check.thresholds());
    });
}
