#include "collect/libvirt/module/error_mapping.hpp"

#include <libvirt/virterror.h>

namespace virtcheck::libvirt {

CollectError last_error(const std::string& uri, std::string_view doing) {
    const virError* error = virGetLastError();
    std::string message = error && error->message ? error->message : "unknown libvirt error";
    auto kind = error ? classify_error(error->code, error->domain, message) : CollectError::Kind::Failed;
    return describe_error(uri, doing, kind, message);
}

}  // namespace virtcheck::libvirt
