// check_hypervisor: is the hypervisor's management service running and healthy?
#include "evaluate/hypervisor.hpp"
#include "plugin/plugin.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"HYPERVISOR",
                  "Is the hypervisor's management service (libvirt, an SNMP agent, ESXi or vCenter) running and healthy?",
                  hypervisor::metrics};
    plugin.target(Target::Hypervisor).examples({
        "--uri qemu:///system -w 1s -c 5s",
        "--uri qemu+ssh://root@kvm1/system --require-kvm --min-libvirt-version 9.0",
        "-H esx1 -C public --min-version 8.0 --uptime 10m:"});
    auto& options = plugin.options();
    std::string min_version, min_libvirt_version, maintenance = "warning";
    std::vector<std::string> ignore_alarms;
    bool require_acceleration = false;
    options.add_option("--min-version", min_version, "WARNING when the hypervisor (ESXi or vCenter in SNMP and vSphere modes) is older (e.g. 7.2)")
        ->option_text("VERSION");
    plugin.needs(model::FactLibvirtVersion,
                 options.add_option("--min-libvirt-version", min_libvirt_version, "WARNING when libvirt is older (e.g. 9.0)")
                     ->option_text("VERSION"));
    plugin.needs(model::FactCapabilities,
                 options.add_flag("--require-acceleration,--require-kvm", require_acceleration,
                                  "CRITICAL when the host offers no hardware acceleration (kvm, xen, ...), "
                                  "i.e. VMs would run under software emulation"));
    plugin.needs(model::FactManagedHosts,
                 options.add_option("--maintenance", maintenance,
                                    "vSphere mode: state of an ESXi host in maintenance mode (default warning)")
                     ->option_text("STATE"));
    plugin.needs(model::FactAlarms,
                 options.add_option("--ignore-alarm", ignore_alarms,
                                    "vSphere mode: do not count triggered alarms whose name matches (repeatable)")
                     ->option_text("REGEX"));
    options.add_warning_shorthand("--uptime", hypervisor::uptime,
                                  "SNMP and vSphere modes: short for -w uptime=RANGE (--uptime 10m: warns after a reboot)");
    return plugin.run(argc, argv, [&](Check& check) {
        HypervisorRules rules{.min_version = version_option(min_version, "--min-version"),
                              .min_libvirt = version_option(min_libvirt_version, "--min-libvirt-version"),
                              .require_acceleration = require_acceleration,
                              .maintenance = parse_state(maintenance, "--maintenance"),
                              .ignore_alarms = alarm_patterns(ignore_alarms, "--ignore-alarm")};
        return evaluate_hypervisor(check.source().hypervisor(require_acceleration), check.thresholds(), rules);
    });
}
