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
    FactAddressFamily = 1u << 8,   // -4 / -6: looking the host name up as IPv4 or IPv6
};

// "host CPU times, volume lists" for the message that refuses them.
std::string describe_facts(unsigned facts);

}  // namespace virtcheck::model
