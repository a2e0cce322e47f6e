#include "evaluate/snmp_hypervisor.hpp"

#include "core/text.hpp"

namespace virtcheck {
namespace {

// "VMware ESXi 8.0.2 build 22380479", or the start of sysDescr for any other agent.
std::string what_answered(const snmp::HostProbe& probe) {
    if (!probe.product.empty())
        return probe.product + (probe.version.empty() ? "" : " " + probe.version) +
               (probe.build.empty() ? "" : " build " + probe.build);
    std::string description = probe.description.substr(0, probe.description.find_first_of("\r\n"));
    if (description.size() > 60) description = std::string(cut_utf8(description, 60)) + "...";
    return "SNMP agent" + (description.empty() ? "" : " (" + description + ")");
}

Result minimum_version(const snmp::HostProbe& probe, const Version& minimum) {
    std::optional<Version> actual;
    try {
        if (!probe.version.empty()) actual = parse_version(probe.version);
    } catch (const std::invalid_argument&) {
    }
    if (!actual)
        return {State::Unknown, "version unknown" +
                                    (probe.version.empty() ? std::string(" (not an ESXi agent?)")
                                                           : " ('" + probe.version + "' is not a version)") +
                                    ", cannot compare with --min-version " + minimum.to_string()};
    if (*actual < minimum)
        return {State::Warning, "version " + actual->to_string() + " is older than " + minimum.to_string() +
                                    " (--min-version)"};
    return {State::Ok, "version " + actual->to_string() + " is at least " + minimum.to_string()};
}

}  // namespace

Result evaluate_snmp_hypervisor(const snmp::HostProbe& probe, const SnmpHypervisorRules& rules) {
    std::string text = what_answered(probe) + (probe.name.empty() ? "" : " on " + probe.name) + " at " + probe.target +
                       " answered in " + human_seconds(probe.seconds);
    if (probe.uptime_seconds) text += ", up " + human_seconds(*probe.uptime_seconds);
    Result result{State::Ok, text, {}, {}};
    result.add({rules.response_time.evaluate(probe.seconds), "response time " + human_seconds(probe.seconds)});
    if (probe.uptime_seconds) {
        result.add({rules.uptime.evaluate(*probe.uptime_seconds), "uptime " + human_seconds(*probe.uptime_seconds)});
    } else if (rules.uptime.given()) {
        result.add({State::Unknown, "the agent gives neither hrSystemUptime nor sysUpTime"});
    }
    result.perfdata = {Perfdata{"time", probe.seconds, Unit::Seconds, {}, {}, 0}.with(rules.response_time),
                       Perfdata{"uptime", probe.uptime_seconds, Unit::Seconds, {}, {}, 0}.with(rules.uptime)};
    if (rules.min_version) result.add(minimum_version(probe, *rules.min_version));
    return result;
}

}  // namespace virtcheck
