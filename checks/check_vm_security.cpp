// check_vm_security: the security posture of each VM, read from the hypervisor: open consoles
// and sockets, confinement, host devices, shared or world-writable images, CPU mitigations.
#include "evaluate/vm_security.hpp"
#include "model/facts.hpp"
#include "plugin/plugin.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_SECURITY",
                  "Security posture of each virtual machine: open consoles and sockets, confinement, passthrough, "
                  "shared or world-writable images, CPU mitigations",
                  vm_security::metrics};
    plugin.target(Target::Security).select("VM").examples({
        "--uri qemu:///system --read-write",
        "--allow passthrough=^gpu- --allow console-open=^lab- --require secure-boot",
        "--exclude ^test- -w accepted=3"});
    auto& options = plugin.options();
    std::vector<std::string> allow, require;
    bool read_write = false, host = false;
    options.add_option("--allow", allow, "Accept FINDING (for the VMs whose name or UUID matches REGEX): it stays in -v "
                                         "output as accepted (repeatable)")
        ->option_text("FINDING[=REGEX]");
    options.add_option("--require", require, "WARNING (finding firmware) for VMs without it: secure-boot, tpm, uefi "
                                             "(repeatable)")
        ->option_text("WHAT");
    options.add_flag("--read-write", read_write,
                     "Open the connection read-write (still never writing) so that libvirt shows whether consoles "
                     "have passwords, and domain capabilities can be read");
    plugin.needs(model::FactHostServices,
                 options.add_flag("--host", host, "Also the host's own findings: SSH or ESXi Shell running, lockdown off"));
    return plugin.run(argc, argv, [&](Check& check) {
        SecurityPolicy policy;
        for (const auto& text : allow) policy.allow.push_back(parse_allow_rule(text));
        parse_requirements(require, policy);
        policy.host = host;
        const Selection& selection = check.selection();
        Source& source = check.source(read_write ? Access::ReadWrite : Access::ReadOnly);
        auto security = source.security([&](const auto& name, const auto& uuid) { return selection.selects(name, uuid); });
        return evaluate_vm_security(security, selection, policy, check.thresholds());
    });
}
