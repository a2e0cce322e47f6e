// check_vm_memory: guest memory in use, host RSS, swapping and major faults of each VM.
#include "collect/libvirt/options.hpp"
#include "collect/libvirt/vm_sampling.hpp"
#include "core/runtime.hpp"
#include "evaluate/vm_resources.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_MEMORY", "Memory of each running virtual machine: guest use, host RSS, swapping",
                  {"guest memory in use, % of what the guest sees", Unit::Percent}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    Selection selection{options, "VM"};
    RateOptions rate_options{options};
    options.add_metric({"used", "guest memory in use, bytes", Unit::Bytes});
    options.add_metric({"rss", "host memory the VM's process holds, % of its assigned memory", Unit::Percent});
    options.add_metric({"swap_in", "guest swap-in rate", Unit::BytesPerSecond});
    options.add_metric({"swap_out", "guest swap-out rate", Unit::BytesPerSecond});
    options.add_metric({"major_faults", "guest major page faults per second", Unit::PerSecond});
    std::string no_guest_stats = "unknown";
    options.add_option("--no-guest-stats", no_guest_stats,
                       "State for a VM whose guest reports no memory statistics (default unknown)")
        ->option_text("STATE");

    return plugin.run(argc, argv, [&](Run& run) {
        selection.prepare();
        VmMemoryRules rules{run.thresholds(), run.thresholds("used"), run.thresholds("rss"), run.thresholds("swap_in"),
                            run.thresholds("swap_out"), run.thresholds("major_faults"),
                            parse_state(no_guest_stats, "--no-guest-stats")};
        auto sampled = libvirt::sample_vms(connection.uri(), libvirt::StatBalloon, "check_vm_memory", rate_options, run,
                                           vm_memory_sample);
        return evaluate_vm_memory(sampled.vms, sampled.rates, selection, rules, sampled.note);
    });
}
