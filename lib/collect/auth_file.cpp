// --auth-file, as every backend that reads credentials reads it: one privacy rule
// (core/private_file.hpp) for SNMP, libvirt and vSphere alike.
#include "collect/backend.hpp"
#include "core/private_file.hpp"

namespace virtcheck {

std::string read_auth_file(const std::string& path) { return read_private_file(path, "--auth-file"); }

}  // namespace virtcheck
