#pragma once
// Turning libvirt's errors into the three outcomes a check reports (see core/errors.hpp).
#include <string>
#include <string_view>

#include "collect/libvirt/common/error_text.hpp"
#include "core/errors.hpp"

namespace virtcheck::libvirt {

// The last libvirt error of this thread as a CollectError with a plain message.
// `doing` completes "while ..." for errors other than "not running".
CollectError last_error(const std::string& uri, std::string_view doing);

}  // namespace virtcheck::libvirt
