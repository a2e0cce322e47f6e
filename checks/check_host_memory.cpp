// check_host_memory: the hypervisor host's memory use, and memory assigned to running VMs.
#include "collect/libvirt/options.hpp"
#include "core/runtime.hpp"
#include "evaluate/host.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"HOST_MEMORY", "Memory of the hypervisor host, and memory over-commit by its running VMs",
                  {"host memory in use (without buffers and cache), % of total", Unit::Percent}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    options.add_metric({"used", "host memory in use, bytes", Unit::Bytes});
    options.add_metric({"free", "free host memory, bytes (e.g. -c free=2GiB:)", Unit::Bytes});
    options.add_metric({"overcommit", "memory assigned to running VMs, % of host memory", Unit::Percent});

    return plugin.run(argc, argv, [&](Run& run) {
        HostMemoryRules rules{run.thresholds(), run.thresholds("used"), run.thresholds("free"),
                              run.thresholds("overcommit")};
        auto hypervisor = libvirt::open(connection.uri(), run);
        auto host = hypervisor->host_info();
        auto running = hypervisor->domain_stats(libvirt::StatBalloon, true);
        return evaluate_host_memory(host, hypervisor->node_memory(), running, rules);
    });
}
