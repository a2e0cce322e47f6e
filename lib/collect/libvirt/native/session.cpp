#include "collect/libvirt/native/session.hpp"

#include <libvirt/virterror.h>

#include "collect/libvirt/common/error_text.hpp"

namespace virtcheck::libvirt::native {

CollectError Session::failure(const LibvirtError& error, std::string_view doing) const {
    return describe_error(uri, doing, classify_error(error.code, error.domain, error.what()), error.what());
}

CollectError Session::unexplained(std::string_view doing) const {
    return describe_error(uri, doing, CollectError::Kind::Failed, "unknown libvirt error");
}

void Session::refuse_if_read_only(const char* api, int error_domain) const {
    if (read_only)
        throw LibvirtError(VIR_ERR_OPERATION_DENIED, error_domain,
                           std::string("operation forbidden: read only access prevents ") + api);
}

}  // namespace virtcheck::libvirt::native
