// check_vm_net: each interface of each running VM: traffic, packets, errors and drops.
#include "collect/libvirt/options.hpp"
#include "collect/libvirt/vm_sampling.hpp"
#include "core/runtime.hpp"
#include "evaluate/vm_resources.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_NET", "Network interfaces of each running virtual machine: traffic, packets, errors, drops",
                  {"traffic of each interface, received + sent bytes per second", Unit::BytesPerSecond}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    Selection selection{options, "VM"};
    RateOptions rate_options{options};
    options.add_metric({"rx", "bytes received per second", Unit::BytesPerSecond});
    options.add_metric({"tx", "bytes sent per second", Unit::BytesPerSecond});
    options.add_metric({"rx_packets", "packets received per second", Unit::PerSecond});
    options.add_metric({"tx_packets", "packets sent per second", Unit::PerSecond});
    options.add_metric({"errors", "receive + send errors per second (default: any is WARNING)", Unit::PerSecond});
    options.add_metric({"drops", "receive + send drops per second (default: any is WARNING)", Unit::PerSecond});

    return plugin.run(argc, argv, [&](Run& run) {
        selection.prepare();
        VmNetRules rules{run.thresholds(),           run.thresholds("rx"),     run.thresholds("tx"),
                         run.thresholds("rx_packets"), run.thresholds("tx_packets"), run.thresholds("errors"),
                         run.thresholds("drops")};
        auto sampled = libvirt::sample_vms(connection.uri(), libvirt::StatInterface, "check_vm_net", rate_options, run,
                                           vm_net_sample);
        return evaluate_vm_net(sampled.vms, sampled.rates, selection, rules, sampled.note);
    });
}
