#include "evaluate/vnet.hpp"

#include "evaluate/measurements.hpp"
#include "evaluate/objects.hpp"

namespace virtcheck {
namespace {

using libvirt::NetworkInfo;

std::string count_text(double value) { return human_value(value, Unit::Count); }

Result evaluate_network(const NetworkInfo& network, const Selection& selection, const VnetRules& rules) {
    std::optional<double> leases, percent, size;
    if (network.dhcp_addresses > 0) size = network.dhcp_addresses;
    if (network.active && network.leases) {
        leases = *network.leases;
        if (size) percent = *leases / *size * 100;
    }
    std::string detail = percent ? "of DHCP in use (" + count_text(*leases) + " of " + count_text(*size) + " addresses)" : "";
    Result result = measure_object(network.name, network.name,
                                   {{"dhcp_used", percent, Unit::Percent, rules.dhcp_used, 100, true},
                                    {"leases", leases, Unit::Count, rules.leases, size}},
                                   detail);
    if (!network.active) {
        result.state = inactive_state(selection, network.name, network.autostart);
        result.text = network.name + " inactive" + autostart_note(network.autostart);
        return result;
    }
    std::vector<std::string> notes;
    if (network.bridge_present == false) {
        result.state = State::Critical;
        notes.push_back("bridge " + network.bridge + " missing on the host");
    }
    if (size && !leases) {
        // Lease thresholds that cannot be evaluated must not read as OK.
        if (rules.dhcp_used.given() || rules.leases.given()) result.state = worst(result.state, State::Unknown);
        notes.push_back("DHCP leases not available from this driver");
    }
    // A transient network cannot autostart: it is not asked to.
    if (rules.require_autostart && network.persistent && network.autostart == false) {
        result.state = worst(result.state, State::Warning);
        notes.push_back("not autostarted");
    }
    for (std::size_t i = 0; i < notes.size(); ++i) result.text += (i == 0 && !percent ? " " : ", ") + notes[i];
    return result;
}

// "active, bridge virbr0 (present), autostart, 253 DHCP addresses" for the long output (-v).
std::string describe(const NetworkInfo& network) {
    std::string text = std::string(network.active ? "active" : "inactive") + (network.persistent ? "" : ", transient");
    if (!network.bridge.empty())
        text += ", bridge " + network.bridge +
                (network.bridge_present ? (*network.bridge_present ? " (present)" : " (missing)") : "");
    if (network.autostart) text += *network.autostart ? ", autostart" : ", no autostart";
    if (network.dhcp_addresses > 0) text += ", " + count_text(network.dhcp_addresses) + " DHCP addresses";
    return text;
}

}  // namespace

Result evaluate_vnets(const std::vector<NetworkInfo>& networks, const Selection& selection, const VnetRules& rules) {
    Result root{State::Ok, ""};
    auto selected = select_objects(networks, selection, root);
    std::string active;
    std::size_t running = 0;
    for (const NetworkInfo* network : selected.objects) {
        Result partial = evaluate_network(*network, selection, rules);
        partial.add({State::Ok, describe(*network)});
        root.add(std::move(partial));
        running += network->active;
    }
    std::string details = selected.objects.empty() ? "" : std::to_string(running) + " active";
    summarize_objects(root, selected.total(), selection, details);
    return root;
}

}  // namespace virtcheck
