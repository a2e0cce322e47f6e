#pragma once
// What every per-VM check shares: applying the selection, reporting named VMs that do not
// exist, and the "3 of 40 VMs CRITICAL: web1 97%, ..." summary.
#include <string>
#include <vector>

#include "collect/libvirt/libvirt.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"

namespace virtcheck {

struct SelectedVms {
    std::vector<const libvirt::DomainStats*> vms;  // sorted by name
    std::size_t missing = 0;                        // --vm NAMEs that do not exist
    std::size_t total() const { return vms.size() + missing; }
};

// The selected VMs. Adds a CRITICAL partial to `root` for each --vm NAME that is missing.
SelectedVms select_vms(const std::vector<libvirt::DomainStats>& all, const Selection& selection, Result& root);

// Sets root.text to "N of M VMs STATE: a, b, c (+K more); details" (or "M VMs OK; details")
// from its partial results, worst first; --top limits the names. Empty selection: no-match state.
// `noun` overrides the selection's noun when the objects are disks or interfaces of VMs;
// `when_ok` ("top: web1 12%, ...") is added only when nothing is wrong, as the failing
// objects are named anyway.
void summarize_vms(Result& root, std::size_t selected, const Selection& selection, const std::string& details,
                   const std::string& noun = "", const std::string& when_ok = "");

// VMs that can use resources now: running or blocked (and busy ones, to report them).
std::vector<libvirt::DomainStats> active_vms(const std::vector<libvirt::DomainStats>& all);

// A VM a job holds (migration, shutdown): UNKNOWN, the others are reported normally.
Result busy_result(const libvirt::DomainStats& vm);

// Counter key that starts anew when the VM restarts: "<uuid>/<domain id>/<metric>".
std::string counter_key(const libvirt::DomainStats& vm, const std::string& metric);

std::string_view state_word(libvirt::DomainState state);  // "running", "shutoff", ...

}  // namespace virtcheck
