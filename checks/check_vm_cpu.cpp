// check_vm_cpu: CPU use of each running virtual machine, in % of its vCPUs.
#include "collect/libvirt/options.hpp"
#include "collect/libvirt/vm_sampling.hpp"
#include "core/runtime.hpp"
#include "evaluate/vm_cpu.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_CPU", "CPU use of each running virtual machine, in % of its vCPUs",
                  {"CPU use of each VM", Unit::Percent}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    Selection selection{options, "VM"};
    RateOptions rate_options{options};
    options.add_metric({"steal", "time a vCPU could run but the host ran something else, % per vCPU", Unit::Percent});
    options.add_metric({"wait", "time a vCPU waited for I/O, % per vCPU", Unit::Percent});

    return plugin.run(argc, argv, [&](Run& run) {
        selection.prepare();
        VmCpuRules rules{run.thresholds(), run.thresholds("steal"), run.thresholds("wait")};
        auto sampled = libvirt::sample_vms(connection.uri(), libvirt::StatCpu | libvirt::StatVcpu, "check_vm_cpu",
                                           rate_options, run, vm_cpu_sample);
        return evaluate_vm_cpu(sampled.vms, sampled.rates, selection, rules, sampled.note);
    });
}
