// check_hypervisor: is the hypervisor's management service (libvirt) running and healthy?
#include "collect/libvirt/options.hpp"
#include "core/runtime.hpp"
#include "evaluate/hypervisor.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"HYPERVISOR", "Is the hypervisor's management service (libvirt) running and healthy?",
                  {"response time of connect + queries", Unit::Seconds}};
    auto& options = plugin.options();
    libvirt::ConnectionOptions connection{options};
    std::string min_version, min_libvirt_version;
    bool require_acceleration = false;
    options.add_option("--min-version", min_version, "WARNING when the hypervisor is older (e.g. 7.2)")
        ->option_text("VERSION");
    options.add_option("--min-libvirt-version", min_libvirt_version, "WARNING when libvirt is older (e.g. 9.0)")
        ->option_text("VERSION");
    options.add_flag("--require-acceleration,--require-kvm", require_acceleration,
                     "CRITICAL when the host offers no hardware acceleration (kvm, xen, ...), "
                     "i.e. VMs would run under software emulation");

    return plugin.run(argc, argv, [&](Run& run) {
        HypervisorRules rules{run.thresholds(), version_option(min_version, "--min-version"),
                              version_option(min_libvirt_version, "--min-libvirt-version"), require_acceleration};
        auto probe = libvirt::probe_hypervisor(connection.uri(), run, require_acceleration);
        return evaluate_hypervisor(probe, rules);
    });
}
