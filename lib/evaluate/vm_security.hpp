#pragma once
// check_vm_security: the security posture of each VM (and, with --host, of its host), as
// named findings with default severities; --allow accepts known cases, --require adds
// firmware policy. The rules themselves are in security_findings.hpp.
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "core/metric.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "model/security.hpp"

namespace virtcheck {

// A finding, declared once: its name (for --allow, in output), its default severity and what
// it means (for --help and the man page).
struct Finding {
    std::string name;
    State severity;
    std::string help;
    bool of_host = false;  // a finding about the host (--host), not a VM
};

namespace vm_security {
inline const Metric critical{"critical", Unit::Count, "number of CRITICAL findings"};
inline const Metric warning{"warning", Unit::Count, "number of WARNING findings"};
inline const Metric unknown{"unknown", Unit::Count, "number of findings that could not be judged"};
inline const Metric accepted{"accepted", Unit::Count, "number of findings accepted by --allow"};
inline const MetricTable metrics{&critical, &warning, &unknown, &accepted};

inline const Finding console_open{"console-open", State::Critical,
                                  "a VNC or SPICE console listens beyond loopback without a password (WARNING "
                                  "with a password but without TLS)"};
inline const Finding chardev_open{"chardev-open", State::Critical,
                                  "a serial, console or channel device is bound to TCP or UDP beyond loopback"};
inline const Finding unconfined{"unconfined", State::Warning,
                                "no security label (seclabel type none, an unconfined label, or a host "
                                "whose security model is none)"};
inline const Finding qemu_as_root{"qemu-as-root", State::Warning, "the DAC label runs the VM's process as uid 0"};
inline const Finding passthrough{"passthrough", State::Warning, "PCI, USB, SCSI or mediated host devices in the guest"};
inline const Finding shared_disk{"shared-disk", State::Critical,
                                 "one image in two of the checked VMs, written without being marked shareable"};
inline const Finding image_perms{"image-perms", State::Warning,
                                 "an image file writable by every user (local connections only)"};
inline const Finding cpu_mitigations{"cpu-mitigations", State::Warning,
                                     "a mitigation feature of the host CPU (md-clear, spec-ctrl, ssbd, ...) "
                                     "that the guest's CPU does not get"};
inline const Finding firmware{"firmware", State::Warning, "no UEFI, secure boot or TPM where --require asks for it"};
inline const Finding tools_isolation{"tools-isolation", State::Warning,
                                     "VMware Tools copy, paste or drag and drop enabled (isolation.tools.*)"};
inline const Finding host_ssh{"host-ssh", State::Warning, "the host's SSH service runs (--host)", true};
inline const Finding host_shell{"host-shell", State::Warning, "the ESXi Shell runs on the host (--host)", true};
inline const Finding lockdown_off{"lockdown-off", State::Warning, "the host's lockdown mode is off (--host)", true};

inline const std::vector<const Finding*> findings{
    &console_open, &chardev_open, &unconfined,      &qemu_as_root, &passthrough, &shared_disk,  &image_perms,
    &cpu_mitigations, &firmware, &tools_isolation, &host_ssh,     &host_shell,  &lockdown_off};
}  // namespace vm_security

// --allow FINDING[=REGEX]: the finding is accepted for the VMs (or hosts) whose name or UUID
// the pattern matches; for all without one.
struct AllowRule {
    const Finding* finding = nullptr;
    std::optional<std::regex> pattern{};
    std::string text{};  // as given
};

// Throws UsageError for an unknown finding or a bad pattern.
AllowRule parse_allow_rule(const std::string& text);

struct SecurityPolicy {
    std::vector<AllowRule> allow{};
    // --require secure-boot|tpm|uefi
    bool require_uefi = false;
    bool require_secure_boot = false;
    bool require_tpm = false;
    bool host = false;  // --host: the host's own findings too
};

// Applies each --require (repeatable). Throws UsageError for an unknown word.
void parse_requirements(const std::vector<std::string>& words, SecurityPolicy& policy);

Result evaluate_vm_security(const model::Security& security, const Selection& selection, const SecurityPolicy& policy,
                            const ThresholdSet& thresholds);

}  // namespace virtcheck
