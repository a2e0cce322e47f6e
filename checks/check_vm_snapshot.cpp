// check_vm_snapshot: per VM, the number of snapshots and the age of the oldest.
#include <cmath>

#include "collect/libvirt/options.hpp"
#include "core/rate.hpp"
#include "core/runtime.hpp"
#include "evaluate/vm_snapshot.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_SNAPSHOT", "Snapshots of each virtual machine: how many, and how old the oldest is",
                  {"age of each VM's oldest snapshot", Unit::Seconds}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    Selection selection{options, "VM"};
    options.add_metric({"snapshots", "number of snapshots of each VM", Unit::Count});

    return plugin.run(argc, argv, [&](Run& run) {
        selection.prepare();
        SnapshotRules rules{run.thresholds(), run.thresholds("snapshots")};
        auto hypervisor = libvirt::open(connection.uri(), run);
        auto vms = hypervisor->snapshots([&](const auto& vm) { return selection.selects(vm.name, vm.uuid); });
        return evaluate_vm_snapshots(vms, std::floor(now_seconds()), selection, rules);
    });
}
