#pragma once
// Reading what check_vm_security needs from libvirt's XML (with libxml2): a domain's
// consoles, sockets, labels, host devices, disks, CPU and firmware; the CPU features the host
// can give guests. The XML comes from the hypervisor and is untrusted: anything unreadable
// gives empty data that says so, never a crash; passwords are noted as present, never kept.
#include <string>
#include <string_view>
#include <vector>

#include "collect/libvirt/common/security_fields.hpp"
#include "model/security.hpp"

namespace virtcheck::libvirt {

// `passwords_visible`: the XML was asked for with VIR_DOMAIN_XML_SECURE, so a console without
// a passwd attribute has none (otherwise libvirt strips it and the password is unknown).
// Fills everything but name, uuid and state; `unreadable` when the XML is not a domain.
model::VmSecurity parse_vm_security(std::string_view xml, bool passwords_visible);

// The host-model CPU of virConnectGetDomainCapabilities: its model and required features;
// not found when host-model is unsupported or the XML unreadable.
HostCpuFeatures parse_host_model_cpu(std::string_view domain_capabilities);

// The host CPU of virConnectGetCapabilities: its model and the features beyond it.
HostCpuFeatures parse_host_cpu(std::string_view capabilities);

}  // namespace virtcheck::libvirt
