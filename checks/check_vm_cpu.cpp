// check_vm_cpu: CPU use of each running virtual machine, in % of its vCPUs.
#include "evaluate/vm_cpu.hpp"
#include "plugin/readings.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_CPU", "CPU use of each running virtual machine, in % of its vCPUs", vm_cpu::metrics};
    plugin.target(Target::Vms, model::StatCpu | model::StatVcpu).select("VM").rates(model::FactCounters).examples({
        "--uri qemu:///system -w 80% -c 95% -w steal=10%",
        "--include '^web' --top 5 --interval 5"});
    return plugin.run(argc, argv, [](Check& check) {
        auto sampled = sample_vms(check, model::StatCpu | model::StatVcpu, vm_cpu_sample);
        return evaluate_vm_cpu(sampled.vms, sampled.rates, check.selection(), check.thresholds(), sampled.note);
    });
}
