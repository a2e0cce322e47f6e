// check_vm_disk: each disk of each running VM: fill, throughput, IOPS, latency, errors.
#include "evaluate/vm_resources.hpp"
#include "plugin/readings.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_DISK", "Disks of each running virtual machine: fill, throughput, IOPS, latency, errors",
                  vm_disk::metrics};
    plugin.target(Target::Vms, model::StatDisk).select("VM").rates(model::FactCounters).examples({
        "--uri qemu:///system -w 80% -c 95% -w latency=20ms",
        "--vm db1 -w iops=5000 -c errors=0"});
    return plugin.run(argc, argv, [](Check& check) {
        auto sampled = sample_vms(check, model::StatDisk, vm_disk_sample);
        return evaluate_vm_disk(sampled.vms, sampled.rates, check.selection(), check.thresholds(), sampled.note);
    });
}
