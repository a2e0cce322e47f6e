#pragma once
// check_hypervisor in SNMP mode: does the agent answer, since when is the host up, and (on
// ESXi) which product, version and build it runs.
#include <chrono>
#include <optional>
#include <string>

#include "collect/snmp/snmp.hpp"
#include "model/hypervisor.hpp"

namespace virtcheck::snmp {

struct HostProbe {
    std::string target{};                    // "esx1:161"
    double seconds = 0;                    // from session open to the answer
    std::optional<double> uptime_seconds{};  // hrSystemUptime, else sysUpTime (the agent's)
    std::string description{}, name{};         // sysDescr, sysName; untrusted
    std::string product{}, version{}, build{};   // VMWARE-SYSTEM-MIB; empty elsewhere
};

// One GET for all of it on an open session; `seconds` counts from `started` (the session's
// opening). Throws CollectError: Unreachable when the agent does not answer.
HostProbe probe_host(Session& session, const SessionOptions& options,
                     std::chrono::steady_clock::time_point started);

// The values a GET gave, by OID (pure, for tests).
HostProbe read_host_answer(const std::vector<VarBind>& answer);

// The probe in the model's terms: "VMware ESXi 8.0.2 build 22380479", or "SNMP agent (sysDescr)".
model::HypervisorStatus hypervisor_status(const HostProbe& probe);

}  // namespace virtcheck::snmp
