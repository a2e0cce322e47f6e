#pragma once
// One look at the hypervisor's management service: who answered, how fast, and what it said
// of itself. Which parts are filled depends on the service (libvirt, an SNMP agent, vSphere).
#include <optional>
#include <string>
#include <vector>

#include "model/host.hpp"

namespace virtcheck::model {

// An alarm a management server raised (vCenter's triggered alarms). Texts are untrusted.
struct Alarm {
    std::string name{};    // the alarm definition's name; empty when it could not be read
    std::string status{};  // red, yellow (gray, green)
    std::string entity{};  // what it is about: the host's name
};

// One host a management server manages (vCenter's ESXi hosts, or the ESXi host itself).
struct ManagedHost {
    std::string name{};        // untrusted
    std::string cluster{};     // empty: standalone
    std::string connection{};  // connected, disconnected, notResponding
    std::optional<bool> in_maintenance{};
    std::string status{};      // overall status: green, yellow, red, gray; empty: unknown
    std::vector<Alarm> alarms{};
    std::optional<double> uptime_seconds{};
    std::string version{};     // the host's product version, "8.0.2"
    std::string build{};
};

struct HypervisorStatus {
    std::string endpoint{};  // where the question went: "qemu:///system", "esx1:161"
    double seconds = 0;    // connect + queries, monotonic clock

    // What answered, for the summary: "QEMU" (with versions below) or a product description
    // ("VMware ESXi 8.0.2 build 22380479", "SNMP agent (Linux kvm1 ...)").
    std::string product{};
    std::string version_of{};      // what --min-version compares, in messages ("QEMU"); empty: "version"
    std::string version{};         // as the service gave it; empty: unknown
    std::string version_hint{};    // why the version may be missing ("not an ESXi agent?")
    std::string manager{};         // the management layer in between: "libvirt"; empty: none
    std::string manager_version{}; // empty: unknown
    std::string hostname{};        // untrusted; empty: unknown

    // The host's inventory where the service lists it (libvirt); absent otherwise.
    std::optional<Host> host{};
    std::optional<double> uptime_seconds{};
    std::optional<Capabilities> capabilities{};  // read only when asked for
    // Where a management server answers for several hosts (or a host for itself): each one.
    std::vector<ManagedHost> managed_hosts{};
};

}  // namespace virtcheck::model
