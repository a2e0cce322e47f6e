// check_vm_cpu: CPU use of each running virtual machine, in % of its vCPUs.
#include "collect/libvirt/options.hpp"
#include "core/rate.hpp"
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
    std::size_t top = 3;
    options.add_option("--top", top, "How many of the busiest VMs the summary names (default 3)")->option_text("N");

    return plugin.run(argc, argv, [&](Run& run) {
        selection.prepare();
        VmCpuRules rules{run.thresholds(), run.thresholds("steal"), run.thresholds("wait"), top};
        const std::string uri = connection.uri();
        auto hypervisor = libvirt::open(uri, run);
        std::vector<libvirt::DomainStats> vms;
        auto sample = [&] {
            vms = hypervisor->domain_stats(libvirt::StatCpu | libvirt::StatVcpu, true);
            return vm_cpu_sample(vms, now_seconds());
        };
        std::string note;
        Rates rates = rate_options.measure("check_vm_cpu", uri, run, sample, note);
        return evaluate_vm_cpu(vms, rates, selection, rules, note);
    });
}
