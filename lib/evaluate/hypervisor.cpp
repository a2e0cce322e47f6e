#include "evaluate/hypervisor.hpp"

#include "core/text.hpp"

namespace virtcheck {
namespace {

std::string plural(unsigned n, const std::string& word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

// "QEMU 7.2.0 via libvirt 9.0.0 on kvm1: 2 CPUs, 4.7 GiB memory, 1 VM running, answered in 13.9 ms", or
// without an inventory "VMware ESXi 8.0.2 build 22380479 on esx1 at esx1:161 answered in 3.0 ms, up 5d".
std::string describe(const model::HypervisorStatus& status) {
    std::string text = status.product;
    if (!status.hostname.empty()) text += " on " + status.hostname;
    if (const auto& host = status.host)
        text += ": " + plural(host->cpus, "CPU") + ", " + human_bytes(static_cast<double>(host->memory_bytes)) +
                " memory, " + plural(host->running_vms, "VM") + " running, answered in " + human_seconds(status.seconds);
    else
        text += " at " + status.endpoint + " answered in " + human_seconds(status.seconds);
    if (status.uptime_seconds) text += ", up " + human_seconds(*status.uptime_seconds);
    return text;
}

Result minimum_version(const std::string& what, const std::string& given, const std::string& hint,
                       const Version& minimum, const char* option) {
    std::optional<Version> actual;
    try {
        if (!given.empty()) actual = parse_version(given);
    } catch (const std::invalid_argument&) {
    }
    if (!actual) {
        std::string why = given.empty() ? (hint.empty() ? "" : " (" + hint + ")") : " ('" + given + "' is not a version)";
        return {State::Unknown, what + " version unknown" + why + ", cannot compare with " + option + " " + minimum.to_string()};
    }
    if (*actual < minimum)
        return {State::Warning,
                what + " " + actual->to_string() + " is older than " + minimum.to_string() + " (" + option + ")"};
    return {State::Ok, what + " " + actual->to_string() + " is at least " + minimum.to_string()};
}

std::string join(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text.empty() ? "none" : text;
}

Result acceleration(const model::Capabilities& capabilities) {
    std::string offered = join(capabilities.domain_types);
    std::string arch = capabilities.host_arch.empty() ? "the host" : capabilities.host_arch;
    if (is_accelerated(capabilities))
        return {State::Ok, "hardware acceleration available for " + arch + " (domain types: " + offered + ")"};
    return {State::Critical, "no hardware acceleration: VMs would run under software emulation (" + arch +
                                 " domain types: " + offered + ")"};
}

}  // namespace

bool is_accelerated(const model::Capabilities& capabilities) {
    for (const auto& type : capabilities.domain_types)
        if (type != "qemu" && type != "test") return true;
    return false;
}

Result evaluate_hypervisor(const model::HypervisorStatus& status, const ThresholdSet& thresholds,
                           const HypervisorRules& rules) {
    const Thresholds& response = thresholds[hypervisor::time];
    const Thresholds& uptime = thresholds[hypervisor::uptime];
    Result result{State::Ok, describe(status), {}, {}};
    result.add({response.evaluate(status.seconds), "response time " + human_seconds(status.seconds)});
    result.perfdata.push_back(Perfdata{"time", status.seconds, Unit::Seconds, {}, {}, 0}.with(response));
    if (const auto& host = status.host)
        result.perfdata.insert(result.perfdata.end(),
                               {{"vms_running", host->running_vms, Unit::Count, {}, {}, 0, {}},
                                {"cpus", host->cpus, Unit::Count, {}, {}, 0, {}},
                                {"memory", static_cast<double>(host->memory_bytes), Unit::Bytes, {}, {}, 0, {}}});
    if (status.uptime_seconds || uptime.given())
        result.perfdata.push_back(Perfdata{"uptime", status.uptime_seconds, Unit::Seconds, {}, {}, 0}.with(uptime));
    if (status.uptime_seconds)
        result.add({uptime.evaluate(*status.uptime_seconds), "uptime " + human_seconds(*status.uptime_seconds)});
    else if (uptime.given())
        result.add({State::Unknown, "uptime unknown: " + status.product + " does not tell"});

    const std::string what = status.version_of.empty() ? "version" : status.version_of;
    if (rules.min_version)
        result.add(minimum_version(what, status.version, status.version_hint, *rules.min_version, "--min-version"));
    if (rules.min_libvirt)
        result.add(minimum_version(status.manager, status.manager_version, "", *rules.min_libvirt,
                                   "--min-libvirt-version"));
    if (rules.require_acceleration && status.capabilities) result.add(acceleration(*status.capabilities));
    return result;
}

}  // namespace virtcheck
