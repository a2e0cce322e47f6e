// check_hypervisor: is the hypervisor's management service running and healthy?
#include "evaluate/hypervisor.hpp"
#include "plugin/plugin.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"HYPERVISOR", "Is the hypervisor's management service (libvirt, or an SNMP agent) running and healthy?",
                  hypervisor::metrics};
    plugin.target(Target::Hypervisor).examples({
        "--uri qemu:///system -w 1s -c 5s",
        "--uri qemu+ssh://root@kvm1/system --require-kvm --min-libvirt-version 9.0",
        "-H esx1 -C public --min-version 8.0 --uptime 10m:"});
    auto& options = plugin.options();
    std::string min_version, min_libvirt_version;
    bool require_acceleration = false;
    options.add_option("--min-version", min_version, "WARNING when the hypervisor (or ESXi over SNMP) is older (e.g. 7.2)")
        ->option_text("VERSION");
    plugin.needs(model::FactLibvirtVersion,
                 options.add_option("--min-libvirt-version", min_libvirt_version, "WARNING when libvirt is older (e.g. 9.0)")
                     ->option_text("VERSION"));
    plugin.needs(model::FactCapabilities,
                 options.add_flag("--require-acceleration,--require-kvm", require_acceleration,
                                  "CRITICAL when the host offers no hardware acceleration (kvm, xen, ...), "
                                  "i.e. VMs would run under software emulation"));
    options.add_warning_shorthand("--uptime", hypervisor::uptime,
                                  "SNMP mode: short for -w uptime=RANGE (--uptime 10m: warns after a reboot)");
    return plugin.run(argc, argv, [&](Check& check) {
        HypervisorRules rules{.min_version = version_option(min_version, "--min-version"),
                              .min_libvirt = version_option(min_libvirt_version, "--min-libvirt-version"),
                              .require_acceleration = require_acceleration};
        return evaluate_hypervisor(check.source().hypervisor(require_acceleration), check.thresholds(), rules);
    });
}
