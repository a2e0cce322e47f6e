#include "evaluate/hypervisor.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "evaluate/line.hpp"

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

bool ignored(const model::Alarm& alarm, const HypervisorRules& rules) {
    return std::any_of(rules.ignore_alarms.begin(), rules.ignore_alarms.end(),
                       [&](const std::regex& pattern) { return std::regex_search(alarm.name, pattern); });
}

struct HostCounts {
    unsigned not_responding = 0, maintenance = 0, red_alarms = 0, yellow_alarms = 0;
};

// One managed host: connection state (not responding is the headline alert), maintenance
// mode, overall status, triggered alarms, and its uptime when the hosts are many.
Result managed_host(const model::ManagedHost& host, const Thresholds& uptime, bool own_uptime,
                    const HypervisorRules& rules, HostCounts& counts, std::vector<Perfdata>& perfdata) {
    State state = State::Ok;
    Line line{host.name};
    if (host.connection == "notResponding" || host.connection == "disconnected") {
        state = State::Critical;
        line.status = "hypervisor not responding (" + host.connection + ")";
        ++counts.not_responding;
    } else if (host.connection != "connected") {
        state = State::Unknown;
        line.status = "connection state " + (host.connection.empty() ? std::string("unknown") : "'" + host.connection + "'");
    }
    if (host.in_maintenance.value_or(false)) {
        state = worst(state, rules.maintenance);
        line.qualifiers.push_back("in maintenance mode");
        ++counts.maintenance;
    }
    if (host.status == "red" || host.status == "yellow") {
        state = worst(state, host.status == "red" ? State::Critical : State::Warning);
        line.remarks.push_back("overall status " + host.status);
    }
    for (const auto& alarm : host.alarms) {
        if ((alarm.status != "red" && alarm.status != "yellow") || ignored(alarm, rules)) continue;
        bool red = alarm.status == "red";
        state = worst(state, red ? State::Critical : State::Warning);
        ++(red ? counts.red_alarms : counts.yellow_alarms);
        line.remarks.push_back("alarm '" + (alarm.name.empty() ? std::string("(unnamed)") : alarm.name) + "' " + alarm.status);
    }
    // What a host that does not answer last reported is stale: no uptime for it.
    const bool connected = host.connection == "connected";
    if (host.uptime_seconds && connected) line.figures.push_back("up " + human_seconds(*host.uptime_seconds));
    if (own_uptime && connected) {
        if (host.uptime_seconds) {
            state = worst(state, uptime.evaluate(*host.uptime_seconds));
            perfdata.push_back(
                Perfdata{perfdata_label(host.name, "uptime"), host.uptime_seconds, Unit::Seconds, {}, {}, 0}.with(uptime));
        } else if (uptime.given()) {
            state = worst(state, State::Unknown);
            line.notes.push_back("uptime unknown");
        }
    }
    if (state == State::Ok && connected) line.qualifiers.insert(line.qualifiers.begin(), "connected");
    return {state, line.text()};
}

void add_managed_hosts(Result& result, const model::HypervisorStatus& status, const Thresholds& uptime,
                       const HypervisorRules& rules) {
    std::vector<const model::ManagedHost*> hosts;
    for (const auto& host : status.managed_hosts) hosts.push_back(&host);
    std::stable_sort(hosts.begin(), hosts.end(), [](auto* a, auto* b) { return a->name < b->name; });
    // A management server for many hosts has no uptime of its own: each host has one.
    bool own_uptime = !status.uptime_seconds;
    HostCounts counts;
    std::vector<Perfdata> uptimes;
    for (const auto* host : hosts) result.add(managed_host(*host, uptime, own_uptime, rules, counts, uptimes));
    std::string text = plural(static_cast<unsigned>(hosts.size()), "host");
    std::vector<std::string> parts;
    if (counts.not_responding) parts.push_back(std::to_string(counts.not_responding) + " not responding");
    if (counts.maintenance) parts.push_back(std::to_string(counts.maintenance) + " in maintenance");
    if (counts.red_alarms) parts.push_back(plural(counts.red_alarms, "red alarm"));
    if (counts.yellow_alarms) parts.push_back(plural(counts.yellow_alarms, "yellow alarm"));
    for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? ", " : ": ") + parts[i];
    result.text += " - " + text;
    result.perfdata.insert(result.perfdata.end(),
                           {{"hosts", static_cast<double>(hosts.size()), Unit::Count, {}, {}, 0, {}},
                            {"hosts_not_responding", counts.not_responding, Unit::Count, {}, {}, 0, {}},
                            {"hosts_in_maintenance", counts.maintenance, Unit::Count, {}, {}, 0, {}},
                            {"alarms_red", counts.red_alarms, Unit::Count, {}, {}, 0, {}},
                            {"alarms_yellow", counts.yellow_alarms, Unit::Count, {}, {}, 0, {}}});
    result.perfdata.insert(result.perfdata.end(), uptimes.begin(), uptimes.end());
}

}  // namespace

std::vector<std::regex> alarm_patterns(const std::vector<std::string>& texts, const std::string& option) {
    std::vector<std::regex> patterns;
    for (const auto& text : texts) {
        try {
            patterns.emplace_back(text, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            throw UsageError(option + ": '" + text + "' is not a regular expression (" + e.what() + ")");
        }
    }
    return patterns;
}

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
    const bool hosts_have_uptimes = !status.managed_hosts.empty() && !status.uptime_seconds;
    if (status.uptime_seconds || (uptime.given() && !hosts_have_uptimes))
        result.perfdata.push_back(Perfdata{"uptime", status.uptime_seconds, Unit::Seconds, {}, {}, 0}.with(uptime));
    if (status.uptime_seconds)
        result.add({uptime.evaluate(*status.uptime_seconds), "uptime " + human_seconds(*status.uptime_seconds)});
    else if (uptime.given() && !hosts_have_uptimes)
        result.add({State::Unknown, "uptime unknown: " + status.product + " does not tell"});
    if (!status.managed_hosts.empty()) add_managed_hosts(result, status, uptime, rules);

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
