// check_vm_net: each interface of each running VM: traffic, packets, errors and drops.
#include "evaluate/vm_resources.hpp"
#include "plugin/readings.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_NET", "Network interfaces of each running virtual machine: traffic, packets, errors, drops",
                  vm_net::metrics};
    plugin.target(Target::Vms, model::StatInterface).select("VM").rates(model::FactCounters).examples({
        "--uri qemu:///system -w 50MiB/s -c 100MiB/s",
        "--include \"^web\" -c drops=10 --interval 5"});
    return plugin.run(argc, argv, [](Check& check) {
        auto sampled = sample_vms(check, model::StatInterface, vm_net_sample);
        return evaluate_vm_net(sampled.vms, sampled.rates, check.selection(), check.thresholds(), sampled.note);
    });
}
