// check_host_memory: the hypervisor host's memory use, and memory assigned to running VMs.
#include "plugin/readings.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"HOST_MEMORY", "Memory of the hypervisor host, and memory over-commit by its running VMs",
                  host_memory::metrics};
    plugin.target(Target::HostMemory).examples({
        "--uri qemu:///system -w 85% -c 95% -c free=2GiB:",
        "-H esx1 -C public -w 90% -c 95%"});
    return plugin.run(argc, argv, [](Check& check) {
        auto assignment = read_assignment(check, model::StatMemory);
        return evaluate_host_memory(check.source().host_memory(), assignment, check.thresholds());
    });
}
