#include "evaluate/vnet.hpp"

#include "evaluate/measurements.hpp"
#include "evaluate/objects.hpp"

namespace virtcheck {
namespace {

using model::Network;

std::string count_text(double value) { return human_value(value, Unit::Count); }

Result evaluate_network(const model::Network& network, const Selection& selection, const ThresholdSet& thresholds,
                        bool require_autostart) {
    std::optional<double> leases, percent, size;
    if (network.dhcp_addresses > 0) size = network.dhcp_addresses;
    if (network.active && network.leases) {
        leases = *network.leases;
        if (size) percent = *leases / *size * 100;
    }
    Line line{network.name};
    if (percent) line.detail = "of DHCP in use (" + count_text(*leases) + " of " + count_text(*size) + " addresses)";
    if (network.active && network.bridge_present == false)
        line.remarks.push_back("bridge " + network.bridge + " missing on the host");
    bool leases_missing = network.active && size && !leases;
    if (leases_missing) line.remarks.push_back("DHCP leases not available from this driver");
    // A transient network cannot autostart: it is not asked to.
    bool no_autostart = network.active && require_autostart && network.persistent && network.autostart == false;
    if (no_autostart) line.remarks.push_back("not autostarted");
    Result result = measure_object(network.name, line, thresholds,
                                   {{vnet::dhcp_used, percent, 100, true}, {vnet::leases, leases, size}});
    if (!network.active) {
        result.state = inactive_state(selection, network.name, network.autostart);
        result.text = network.name + " inactive" + autostart_note(network.autostart);
        return result;
    }
    if (network.bridge_present == false) result.state = State::Critical;
    // Lease thresholds that cannot be evaluated must not read as OK.
    if (leases_missing && (thresholds[vnet::dhcp_used].given() || thresholds[vnet::leases].given()))
        result.state = worst(result.state, State::Unknown);
    if (no_autostart) result.state = worst(result.state, State::Warning);
    return result;
}

// "active, bridge virbr0 (present), autostart, 253 DHCP addresses" for the long output (-v).
std::string describe(const model::Network& network) {
    std::string text = std::string(network.active ? "active" : "inactive") + (network.persistent ? "" : ", transient");
    if (!network.bridge.empty())
        text += ", bridge " + network.bridge +
                (network.bridge_present ? (*network.bridge_present ? " (present)" : " (missing)") : "");
    if (network.autostart) text += *network.autostart ? ", autostart" : ", no autostart";
    if (network.dhcp_addresses > 0) text += ", " + count_text(network.dhcp_addresses) + " DHCP addresses";
    return text;
}

}  // namespace

Result evaluate_vnets(const std::vector<model::Network>& networks, const Selection& selection,
                      const ThresholdSet& thresholds, bool require_autostart) {
    PerObject<model::Network> selected(networks, selection);
    std::size_t running = 0;
    for (const model::Network* network : selected.selected()) {
        Result partial = evaluate_network(*network, selection, thresholds, require_autostart);
        partial.add({State::Ok, describe(*network)});
        selected.add(Row{std::move(partial)});
        running += network->active;
    }
    return selected.finish(selected.selected().empty() ? "" : std::to_string(running) + " active");
}

}  // namespace virtcheck
