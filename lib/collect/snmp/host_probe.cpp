#include "collect/snmp/host_probe.hpp"

#include <chrono>

#include "core/text.hpp"

namespace virtcheck::snmp {
namespace {

const Oid sys_descr{1, 3, 6, 1, 2, 1, 1, 1, 0};
const Oid sys_uptime{1, 3, 6, 1, 2, 1, 1, 3, 0};
const Oid sys_name{1, 3, 6, 1, 2, 1, 1, 5, 0};
const Oid hr_system_uptime{1, 3, 6, 1, 2, 1, 25, 1, 1, 0};  // the host's; sysUpTime is the agent's
const Oid vmware_product{1, 3, 6, 1, 4, 1, 6876, 1, 1, 0};
const Oid vmware_version{1, 3, 6, 1, 4, 1, 6876, 1, 2, 0};
const Oid vmware_build{1, 3, 6, 1, 4, 1, 6876, 1, 4, 0};

std::string text_of(const Value& value) {
    return value.type == Value::Type::OctetString ? value.text : "";
}

}  // namespace

HostProbe read_host_answer(const std::vector<VarBind>& answer) {
    HostProbe probe;
    for (const auto& [oid, value] : answer) {
        if (oid == sys_descr) probe.description = text_of(value);
        if (oid == sys_name) probe.name = text_of(value);
        if (oid == vmware_product) probe.product = text_of(value);
        if (oid == vmware_version) probe.version = text_of(value);
        if (oid == vmware_build) probe.build = text_of(value);
        if (oid == sys_uptime && value.type == Value::Type::Unsigned && !probe.uptime_seconds)
            probe.uptime_seconds = value.number / 100.0;
        if (oid == hr_system_uptime && value.type == Value::Type::Unsigned) probe.uptime_seconds = value.number / 100.0;
    }
    return probe;
}

HostProbe probe_host(Session& session, const SessionOptions& options, std::chrono::steady_clock::time_point started) {
    auto answer = session.get({sys_descr, hr_system_uptime, sys_uptime, sys_name, vmware_product, vmware_version,
                               vmware_build});
    HostProbe probe = read_host_answer(answer);
    probe.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    bool ipv6 = options.host.find(':') != std::string::npos;  // a bare IPv6 address
    probe.target = (ipv6 ? "[" + options.host + "]" : options.host) + ":" + std::to_string(options.port);
    return probe;
}

model::HypervisorStatus hypervisor_status(const HostProbe& probe) {
    model::HypervisorStatus status;
    status.endpoint = probe.target;
    status.seconds = probe.seconds;
    if (!probe.product.empty()) {
        status.product = probe.product + (probe.version.empty() ? "" : " " + probe.version) +
                         (probe.build.empty() ? "" : " build " + probe.build);
    } else {
        std::string description = probe.description.substr(0, probe.description.find_first_of("\r\n"));
        if (description.size() > 60) description = std::string(cut_utf8(description, 60)) + "...";
        status.product = "SNMP agent" + (description.empty() ? "" : " (" + description + ")");
    }
    status.version = probe.version;
    if (probe.version.empty()) status.version_hint = "not an ESXi agent?";
    status.hostname = probe.name;
    status.uptime_seconds = probe.uptime_seconds;
    return status;
}

}  // namespace virtcheck::snmp
