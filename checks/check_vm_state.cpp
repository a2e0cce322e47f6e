// check_vm_state: is every virtual machine in a state it should be in?
#include "evaluate/vm_state.hpp"
#include "plugin/plugin.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"VM_STATE", "State of each virtual machine: crashed, paused, shut off, against expected states",
                  vm_state::metrics};
    plugin.target(Target::Vms, model::StatState).select("VM").examples({
        "--uri qemu:///system --expect '^db-=running'",
        "--exclude '^template-' --expect-warn '.*=running'",
        "-H esx1 -C public --expect '^web=running'"});
    std::vector<std::string> expect, expect_warn;
    plugin.options()
        .add_option("--expect", expect, "CRITICAL unless VMs matching REGEX are in one of these states (repeatable)")
        ->option_text("REGEX=STATE[,STATE...]");
    plugin.options()
        .add_option("--expect-warn", expect_warn, "As --expect, but WARNING (repeatable)")
        ->option_text("REGEX=STATE[,STATE...]");
    return plugin.run(argc, argv, [&](Check& check) {
        auto rules = parse_state_rules(expect, expect_warn);
        Source& source = check.source();
        auto vms = source.vms(model::StatState, false);
        return evaluate_vm_state(vms, check.selection(), rules, check.thresholds(),
                                 [&](const model::Vm& vm) { return source.autostart(vm); });
    });
}
