#pragma once
// What the per-VM checks share beyond objects.hpp: active VMs, busy VMs, counter keys.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "evaluate/objects.hpp"
#include "model/vm.hpp"

namespace virtcheck {

// VMs that can use resources now: running or blocked (and busy ones, to report them).
std::vector<model::Vm> active_vms(const std::vector<model::Vm>& all);

// A VM a job holds (migration, shutdown): UNKNOWN, the others are reported normally. In a
// check whose rows are devices it is no device of its own (not counted).
Row busy_row(const model::Vm& vm);

// Counter key that starts anew when the VM restarts: "<uuid>/<domain id>/<metric>".
std::string counter_key(const model::Vm& vm, const std::string& metric);

std::string_view state_word(model::VmState state);  // "running", "shutoff", ...

}  // namespace virtcheck
