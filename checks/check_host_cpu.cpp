// check_host_cpu: the hypervisor host's CPU use, and vCPUs of running VMs per host CPU thread.
#include "plugin/readings.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"HOST_CPU", "CPU use of the hypervisor host, and CPU over-commit by its running VMs", host_cpu::metrics};
    plugin.target(Target::HostCpu).rates(model::FactCpuTimes).examples({
        "--uri qemu:///system -w 80% -c 95% -w overcommit=4",
        "-H esx1 -C public -w 80% -w busiest=95%"});
    return plugin.run(argc, argv, [](Check& check) {
        auto assignment = read_assignment(check, model::StatVcpu);
        model::HostCpu cpu;
        auto read = [&] {
            cpu = check.source().host_cpu();
            return host_cpu_sample(cpu, now_seconds());
        };
        Rates rates;
        std::string note;
        // Counters need two samples; loads an agent averaged are complete in one.
        if (check.gives(model::FactCpuTimes)) rates = check.measure_rates(read, note);
        else read();
        return evaluate_host_cpu(cpu, rates, assignment, check.thresholds(), note);
    });
}
