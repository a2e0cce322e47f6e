// check_host_cpu: the hypervisor host's CPU use, and vCPUs of running VMs per host CPU thread;
// over SNMP, the host's processor load (HOST-RESOURCES-MIB).
#include "collect/libvirt/options.hpp"
#include "collect/snmp/options.hpp"
#include "collect/snmp/tables.hpp"
#include "core/errors.hpp"
#include "core/rate.hpp"
#include "core/runtime.hpp"
#include "evaluate/host.hpp"
#include "evaluate/snmp_host.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"HOST_CPU", "CPU use of the hypervisor host, and CPU over-commit by its running VMs",
                  {"host CPU use (user + system; over SNMP the average load), % of all CPU time", Unit::Percent}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    snmp::SnmpOptions snmp_options{options, connection.auth_file()};
    RateOptions rate_options{options};
    options.add_metric({"user", "user time, % of all CPU time", Unit::Percent});
    options.add_metric({"system", "kernel time, % of all CPU time", Unit::Percent});
    options.add_metric({"iowait", "time waiting for I/O, % of all CPU time", Unit::Percent});
    options.add_metric({"overcommit", "vCPUs of running VMs per host CPU thread", Unit::Count});
    options.add_metric({"busiest", "SNMP mode: load of the busiest CPU", Unit::Percent});

    return plugin.run(argc, argv, [&](Run& run) {
        if (snmp_options.enabled()) {
            for (const char* metric : {"user", "system", "iowait", "overcommit"})
                if (run.thresholds(metric).given())
                    throw UsageError(std::string(metric) + " thresholds need libvirt; SNMP gives the load per CPU");
            if (rate_options.given())
                throw UsageError("--interval needs libvirt: over SNMP the agent's load is already an average");
            auto session = snmp::open(snmp_options.session(), run);
            auto loads = snmp::read_processor_load(session->walk(snmp::hr_processor_load));
            return evaluate_snmp_host_cpu(loads, run.thresholds(), run.thresholds("busiest"));
        }
        if (run.thresholds("busiest").given())
            throw UsageError("busiest thresholds need SNMP mode: libvirt gives the host's CPUs together");
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
