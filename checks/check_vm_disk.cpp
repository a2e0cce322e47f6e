// check_vm_disk: each disk of each running VM: fill, throughput, IOPS, latency, errors.
#include "collect/libvirt/options.hpp"
#include "collect/libvirt/vm_sampling.hpp"
#include "core/runtime.hpp"
#include "evaluate/vm_resources.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_DISK", "Disks of each running virtual machine: fill, throughput, IOPS, latency, errors",
                  {"allocation of each disk, % of its capacity", Unit::Percent}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    Selection selection{options, "VM"};
    RateOptions rate_options{options};
    options.add_metric({"read", "bytes read per second", Unit::BytesPerSecond});
    options.add_metric({"write", "bytes written per second", Unit::BytesPerSecond});
    options.add_metric({"iops", "read + write requests per second", Unit::PerSecond});
    options.add_metric({"latency", "mean time per request", Unit::Seconds});
    options.add_metric({"errors", "new I/O errors since the last sample (default: any is WARNING)", Unit::Count});
    options.add_metric({"physical", "size of the disk's file or device on the host", Unit::Bytes});

    return plugin.run(argc, argv, [&](Run& run) {
        selection.prepare();
        VmDiskRules rules{run.thresholds(),          run.thresholds("read"),    run.thresholds("write"),
                          run.thresholds("iops"),    run.thresholds("latency"), run.thresholds("errors"),
                          run.thresholds("physical")};
        auto sampled = libvirt::sample_vms(connection.uri(), libvirt::StatBlock, "check_vm_disk", rate_options, run,
                                           vm_disk_sample);
        return evaluate_vm_disk(sampled.vms, sampled.rates, selection, rules, sampled.note);
    });
}
