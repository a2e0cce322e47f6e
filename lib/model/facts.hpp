#pragma once
// Facts a backend may or may not be able to give about a target, beyond the basics every
// backend of that target gives. Metrics and options that need one name it (Metric::needs,
// Plugin::needs); the one place that chooses the backend refuses them, in one wording, when
// the chosen backend lacks it.
#include <string>

namespace virtcheck::model {

enum Fact : unsigned {
    FactCpuTimes = 1u << 0,        // host CPU time counters: user, system, iowait
    FactCpuLoads = 1u << 1,        // per-CPU loads an agent averages itself
    FactVmAssignment = 1u << 2,    // vCPUs and memory given to the running VMs
    FactVolumes = 1u << 3,         // the volumes of a datastore (thin provisioning)
    FactRescan = 1u << 4,          // rescanning storage on request
    FactUptime = 1u << 5,          // since when the host is up
    FactLibvirtVersion = 1u << 6,  // the version of libvirt in between
    FactCapabilities = 1u << 7,    // what the host offers guests (hardware acceleration)
    FactCpuReady = 1u << 8,        // CPU ready and co-stop time per vCPU, as a scheduler reports it
    FactVcpuCounters = 1u << 9,    // per-vCPU wait and steal counters
    FactMemoryReclaim = 1u << 10,  // memory a host consumes for a VM, balloons, swaps and compresses
    FactGuestCounters = 1u << 11,  // a VM's host RSS and guest swap and fault counters
    FactSnapshotSize = 1u << 12,   // the space snapshots take
    FactAlarms = 1u << 13,         // alarms a management server raised
    FactManagedHosts = 1u << 14,   // the hosts a management server manages, each with its own figures
    FactDiskAllocation = 1u << 15, // allocation and host-side size of VM disks
    FactDeviceErrors = 1u << 16,   // disk and interface error counters
    FactProvisioning = 1u << 17,   // space promised to thin-provisioned disks
    FactCounters = 1u << 18,       // counters turned into rates between samples (state file, --interval)
    FactAddressFamily = 1u << 19,  // -4 / -6: looking the host name up as IPv4 or IPv6
    FactHostServices = 1u << 20,   // the host's shells and lockdown mode (ESXi)
};

// "host CPU times, volume lists" for the message that refuses them.
std::string describe_facts(unsigned facts);

}  // namespace virtcheck::model
