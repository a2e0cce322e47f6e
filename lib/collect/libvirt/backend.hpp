#pragma once
// The libvirt backend's registration: every target but containers, over libvirt's client
// library in the module virtcheck-libvirt.so.
#include <string>

#include "collect/backend.hpp"
#include "model/hypervisor.hpp"

namespace virtcheck::libvirt {

Registration registration();

// What the host facts of a connection say of the service (pure, for tests):
// "QEMU 7.2.0 via libvirt 9.0.0", the versions to compare, and the host's inventory.
model::HypervisorStatus hypervisor_status(const std::string& uri, model::Host host, double seconds);

}  // namespace virtcheck::libvirt
