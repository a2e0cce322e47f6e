// check_vnet: virtual networks: active, bridge present, autostart, DHCP range use.
#include "collect/libvirt/options.hpp"
#include "core/runtime.hpp"
#include "evaluate/vnet.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VNET", "Virtual networks: active, bridge present on the host, autostart, DHCP range use",
                  {"DHCP leases of each network, % of the addresses in its DHCP ranges", Unit::Percent}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    Selection selection{options, "network"};
    bool require_autostart = false;
    options.add_flag("--require-autostart", require_autostart,
                     "WARNING for an active network that does not start with the host");
    options.add_metric({"leases", "current DHCP leases of each network", Unit::Count});

    return plugin.run(argc, argv, [&](Run& run) {
        selection.prepare();
        VnetRules rules{run.thresholds(), run.thresholds("leases"), require_autostart};
        auto hypervisor = libvirt::open(connection.uri(), run);
        return evaluate_vnets(hypervisor->networks(), selection, rules);
    });
}
