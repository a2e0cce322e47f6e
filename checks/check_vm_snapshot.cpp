// check_vm_snapshot: per VM, the number of snapshots and the age of the oldest.
#include <cmath>

#include "evaluate/vm_snapshot.hpp"
#include "plugin/plugin.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_SNAPSHOT", "Snapshots of each virtual machine: how many, and how old the oldest is",
                  vm_snapshot::metrics};
    plugin.target(Target::Snapshots).select("VM").examples({
        "--uri qemu:///system -w 7d -c 30d",
        "--vm db1 -w snapshots=3"});
    return plugin.run(argc, argv, [](Check& check) {
        const Selection& selection = check.selection();
        auto vms = check.source().snapshots([&](const auto& name, const auto& uuid) { return selection.selects(name, uuid); });
        return evaluate_vm_snapshots(vms, std::floor(now_seconds()), selection, check.thresholds());
    });
}
