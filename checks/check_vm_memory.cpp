// check_vm_memory: guest memory in use, host RSS, swapping and major faults of each VM.
#include "evaluate/vm_resources.hpp"
#include "plugin/readings.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_MEMORY", "Memory of each running virtual machine: guest use, host RSS, swapping",
                  vm_memory::metrics};
    plugin.target(Target::Vms, model::StatMemory).select("VM").rates(model::FactCounters).examples({
        "--uri qemu:///system -w 80% -c 95% -w swap_in=1MiB/s",
        "--vm db1 -w rss=110% --no-guest-stats ok"});
    std::string no_guest_stats = "unknown";
    plugin.options()
        .add_option("--no-guest-stats", no_guest_stats,
                    "State for a VM whose guest reports no memory statistics (default unknown)")
        ->option_text("STATE");
    return plugin.run(argc, argv, [&](Check& check) {
        State no_stats = parse_state(no_guest_stats, "--no-guest-stats");
        auto sampled = sample_vms(check, model::StatMemory, vm_memory_sample);
        return evaluate_vm_memory(sampled.vms, sampled.rates, check.selection(), check.thresholds(), no_stats,
                                  sampled.note);
    });
}
