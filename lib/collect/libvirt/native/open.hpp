#pragma once
// Opening a connection the way libvirt's remote driver does: the socket or ssh command the
// URI leads to, AUTH_LIST, none or polkit, CONNECT_OPEN.
#include <memory>
#include <string>

#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt::native {

// Throws NotHandledNatively for URIs and authentication left to libvirt.so, CollectError
// (worded as libvirt.so's) when the daemon cannot be reached or refuses.
std::unique_ptr<Connection> open_connection(const std::string& uri, Access access, Progress& progress);

}  // namespace virtcheck::libvirt::native
