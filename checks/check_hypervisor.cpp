// check_hypervisor: is the hypervisor's management service running and healthy? Through
// libvirt, or over SNMP (ESXi and any SNMP host) when SNMP options are given.
#include "collect/libvirt/options.hpp"
#include "collect/snmp/options.hpp"
#include "core/errors.hpp"
#include "core/runtime.hpp"
#include "evaluate/hypervisor.hpp"
#include "evaluate/snmp_hypervisor.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"HYPERVISOR", "Is the hypervisor's management service (libvirt, or an SNMP agent) running and healthy?",
                  {"response time of connect + queries", Unit::Seconds}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    snmp::SnmpOptions snmp_options{options, connection.auth_file()};
    std::string min_version, min_libvirt_version;
    bool require_acceleration = false;
    options.add_option("--min-version", min_version, "WARNING when the hypervisor (or ESXi over SNMP) is older (e.g. 7.2)")
        ->option_text("VERSION");
    options.add_option("--min-libvirt-version", min_libvirt_version, "WARNING when libvirt is older (e.g. 9.0)")
        ->option_text("VERSION");
    options.add_flag("--require-acceleration,--require-kvm", require_acceleration,
                     "CRITICAL when the host offers no hardware acceleration (kvm, xen, ...), "
                     "i.e. VMs would run under software emulation");
    options.add_metric({"uptime", "SNMP mode: time since the host started (-w uptime=10m: warns after a reboot)",
                        Unit::Seconds});
    std::string uptime_warning;
    options.add_option("--uptime", uptime_warning, "SNMP mode: short for -w uptime=RANGE (--uptime 10m: warns after a reboot)")
        ->option_text("RANGE");

    return plugin.run(argc, argv, [&](Run& run) {
        auto minimum = version_option(min_version, "--min-version");
        if (snmp_options.enabled()) {
            if (require_acceleration || !min_libvirt_version.empty())
                throw UsageError("--require-acceleration and --min-libvirt-version need libvirt, not SNMP");
            SnmpHypervisorRules rules{run.thresholds(), run.thresholds("uptime"), minimum};
            if (!uptime_warning.empty()) {
                if (rules.uptime.warning) throw UsageError("give --uptime or -w uptime=, not both");
                try {
                    rules.uptime.warning = parse_range(uptime_warning, Unit::Seconds);
                } catch (const ThresholdError& e) {
                    throw ThresholdError(std::string("--uptime: ") + e.what());
                }
            }
            return evaluate_snmp_hypervisor(snmp::probe_host(snmp_options.session(), run), rules);
        }
        if (run.thresholds("uptime").given() || !uptime_warning.empty())
            throw UsageError("uptime thresholds need SNMP mode (-C COMMUNITY, -U USER, -P 3 or --snmp)");
        HypervisorRules rules{run.thresholds(), minimum, version_option(min_libvirt_version, "--min-libvirt-version"),
                              require_acceleration};
        auto probe = libvirt::probe_hypervisor(connection.uri(), run, require_acceleration);
        return evaluate_hypervisor(probe, rules);
    });
}
