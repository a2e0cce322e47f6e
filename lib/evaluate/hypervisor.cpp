#include "evaluate/hypervisor.hpp"

#include "core/text.hpp"

namespace virtcheck {
namespace {

std::string version_text(const std::optional<std::uint64_t>& packed) {
    return packed ? unpack_libvirt_version(*packed).to_string() : "(version unknown)";
}

std::string plural(unsigned n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string describe(const libvirt::HypervisorProbe& probe) {
    const auto& host = probe.host;
    std::string text = host.driver + " " + version_text(host.hypervisor_version) + " via libvirt " +
                       version_text(host.libvirt_version);
    if (!host.hostname.empty()) text += " on " + host.hostname;
    text += ": " + plural(host.cpus, "CPU") + ", " + human_bytes(static_cast<double>(host.memory_bytes)) +
            " memory, " + plural(host.running_vms, "VM") + " running, answered in " + human_seconds(probe.seconds);
    return text;
}

Result minimum_version(const std::string& what, const std::optional<std::uint64_t>& packed,
                       const Version& minimum, const char* option) {
    if (!packed)
        return {State::Unknown, what + " version unknown, cannot compare with " + option + " " + minimum.to_string()};
    Version actual = unpack_libvirt_version(*packed);
    if (actual < minimum)
        return {State::Warning,
                what + " " + actual.to_string() + " is older than " + minimum.to_string() + " (" + option + ")"};
    return {State::Ok, what + " " + actual.to_string() + " is at least " + minimum.to_string()};
}

std::string join(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text.empty() ? "none" : text;
}

Result acceleration(const libvirt::Capabilities& capabilities) {
    std::string offered = join(capabilities.domain_types);
    std::string arch = capabilities.host_arch.empty() ? "the host" : capabilities.host_arch;
    if (is_accelerated(capabilities))
        return {State::Ok, "hardware acceleration available for " + arch + " (domain types: " + offered + ")"};
    return {State::Critical, "no hardware acceleration: VMs would run under software emulation (" + arch +
                                 " domain types: " + offered + ")"};
}

}  // namespace

bool is_accelerated(const libvirt::Capabilities& capabilities) {
    for (const auto& type : capabilities.domain_types)
        if (type != "qemu" && type != "test") return true;
    return false;
}

Result evaluate_hypervisor(const libvirt::HypervisorProbe& probe, const HypervisorRules& rules) {
    const auto& host = probe.host;
    Result result{State::Ok, describe(probe), {}, {}};

    result.add({rules.response_time.evaluate(probe.seconds), "response time " + human_seconds(probe.seconds)});
    result.perfdata = {
        Perfdata{"time", probe.seconds, Unit::Seconds, {}, {}, 0}.with(rules.response_time),
        {"vms_running", host.running_vms, Unit::Count, {}, {}, 0, {}},
        {"cpus", host.cpus, Unit::Count, {}, {}, 0, {}},
        {"memory", static_cast<double>(host.memory_bytes), Unit::Bytes, {}, {}, 0, {}},
    };

    if (rules.min_hypervisor)
        result.add(minimum_version(host.driver, host.hypervisor_version, *rules.min_hypervisor, "--min-version"));
    if (rules.min_libvirt)
        result.add(minimum_version("libvirt", host.libvirt_version, *rules.min_libvirt, "--min-libvirt-version"));
    if (rules.require_acceleration && probe.capabilities) result.add(acceleration(*probe.capabilities));
    return result;
}

}  // namespace virtcheck
