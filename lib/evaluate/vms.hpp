#pragma once
// What the per-VM checks share beyond objects.hpp: active VMs, busy VMs, counter keys.
#include <string>
#include <vector>

#include "collect/libvirt/libvirt.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "evaluate/objects.hpp"

namespace virtcheck {

struct SelectedVms {
    std::vector<const libvirt::DomainStats*> vms;  // sorted by name
    std::size_t missing = 0;                        // --vm NAMEs that do not exist
    std::size_t total() const { return vms.size() + missing; }
};

// The selected VMs. Adds a CRITICAL partial to `root` for each --vm NAME that is missing.
SelectedVms select_vms(const std::vector<libvirt::DomainStats>& all, const Selection& selection, Result& root);

// VMs that can use resources now: running or blocked (and busy ones, to report them).
std::vector<libvirt::DomainStats> active_vms(const std::vector<libvirt::DomainStats>& all);

// A VM a job holds (migration, shutdown): UNKNOWN, the others are reported normally.
Result busy_result(const libvirt::DomainStats& vm);

// Counter key that starts anew when the VM restarts: "<uuid>/<domain id>/<metric>".
std::string counter_key(const libvirt::DomainStats& vm, const std::string& metric);

std::string_view state_word(libvirt::DomainState state);  // "running", "shutoff", ...

}  // namespace virtcheck
