#include "collect/libvirt/native/libvirt_error.hpp"

#include <libvirt/virterror.h>

#include <cstring>

namespace virtcheck::libvirt::native {

LibvirtError system_error(int error_number, const std::string& what) {
    LibvirtError error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, what + ": " + std::strerror(error_number));
    error.system_errno = error_number;
    return error;
}

LibvirtError rpc_error(const std::string& message) { return LibvirtError(VIR_ERR_RPC, VIR_FROM_RPC, message); }

}  // namespace virtcheck::libvirt::native
