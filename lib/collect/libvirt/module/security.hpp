#pragma once
// check_vm_security's reads: one bulk listing (with states) and one XML description per wanted VM; the
// host's security model, its capabilities and domain capabilities once. Never a write.
#include <libvirt/libvirt.h>

#include <functional>
#include <string>
#include <vector>

#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt {

// `secure`: the connection is read-write, so the XML may be asked for with its passwords.
std::vector<model::VmSecurity> collect_vm_security(virConnectPtr connection, const std::string& uri, bool secure,
                                                   const std::function<bool(const model::VmSecurity&)>& wanted,
                                                   Progress& progress);

model::HostSecurity read_host_security(virConnectPtr connection, const std::string& uri, Progress& progress);

}  // namespace virtcheck::libvirt
