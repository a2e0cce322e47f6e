#pragma once
// check_vm_security's reading of libvirt's XML with the native XML reader: the same answers
// as module/security_xml.cpp (libxml2) for the same text, which tests compare.
#include <string_view>

#include "collect/libvirt/common/security_fields.hpp"
#include "model/security.hpp"

namespace virtcheck::libvirt::native {

// As parse_vm_security(): everything but name, uuid and state; `unreadable` when the XML is
// not a domain's. `passwords_visible`: asked for with VIR_DOMAIN_XML_SECURE.
model::VmSecurity read_vm_security(std::string_view xml, bool passwords_visible);

// As parse_host_model_cpu() and parse_host_cpu().
HostCpuFeatures read_host_model_cpu(std::string_view domain_capabilities);
HostCpuFeatures read_host_cpu(std::string_view capabilities);

}  // namespace virtcheck::libvirt::native
