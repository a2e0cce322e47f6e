#pragma once
// check_hypervisor's rules: response time thresholds, minimum versions, hardware acceleration.
#include <optional>

#include "collect/libvirt/hypervisor_probe.hpp"
#include "core/result.hpp"
#include "core/threshold.hpp"
#include "core/version.hpp"

namespace virtcheck {

struct HypervisorRules {
    Thresholds response_time;                   // seconds
    std::optional<Version> min_hypervisor;      // WARNING when older
    std::optional<Version> min_libvirt;         // WARNING when older
    bool require_acceleration = false;          // CRITICAL when VMs would be software-emulated
};

Result evaluate_hypervisor(const libvirt::HypervisorProbe& probe, const HypervisorRules& rules);

// Domain types that run guests without full software emulation.
bool is_accelerated(const libvirt::Capabilities& capabilities);

}  // namespace virtcheck
