// check_host_cpu: the hypervisor host's CPU use, and vCPUs of running VMs per host CPU thread.
#include "collect/libvirt/options.hpp"
#include "core/rate.hpp"
#include "core/runtime.hpp"
#include "evaluate/host.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"HOST_CPU", "CPU use of the hypervisor host, and CPU over-commit by its running VMs",
                  {"host CPU use (user + system), % of all CPU time", Unit::Percent}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    RateOptions rate_options{options};
    options.add_metric({"user", "user time, % of all CPU time", Unit::Percent});
    options.add_metric({"system", "kernel time, % of all CPU time", Unit::Percent});
    options.add_metric({"iowait", "time waiting for I/O, % of all CPU time", Unit::Percent});
    options.add_metric({"overcommit", "vCPUs of running VMs per host CPU thread", Unit::Count});

    return plugin.run(argc, argv, [&](Run& run) {
        HostCpuRules rules{run.thresholds(), run.thresholds("user"), run.thresholds("system"),
                           run.thresholds("iowait"), run.thresholds("overcommit")};
        const std::string uri = connection.uri();
        auto hypervisor = libvirt::open(uri, run);
        auto host = hypervisor->host_info();
        auto running = hypervisor->domain_stats(libvirt::StatVcpu, true);
        std::string note;
        auto rates = rate_options.measure("check_host_cpu", uri, run,
                                          [&] { return host_cpu_sample(hypervisor->node_cpu(), now_seconds()); }, note);
        return evaluate_host_cpu(host, rates, running, rules, note);
    });
}
