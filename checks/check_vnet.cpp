// check_vnet: virtual networks: active, bridge present, autostart, DHCP range use.
#include "evaluate/vnet.hpp"
#include "plugin/plugin.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VNET", "Virtual networks: active, bridge present on the host, autostart, DHCP range use",
                  vnet::metrics};
    plugin.target(Target::Networks).select("network").examples({
        "--uri qemu:///system -w 80% -c 95% --require-autostart",
        "--network default -c leases=200"});
    bool require_autostart = false;
    plugin.options().add_flag("--require-autostart", require_autostart,
                              "WARNING for an active network that does not start with the host");
    return plugin.run(argc, argv, [&](Check& check) {
        return evaluate_vnets(check.source().networks(), check.selection(), check.thresholds(), require_autostart);
    });
}
