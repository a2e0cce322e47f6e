#pragma once
// The native libvirt client, module virtcheck-libvirt-native.so: the same Client and
// Connection as virtcheck-libvirt.so (collect/libvirt/libvirt.hpp, exported under the same
// versioned symbol), but speaking libvirt's RPC protocol itself instead of loading libvirt.
// Header-only: the check side includes it to know the module and to catch its refusal.
#include <string>

#include "core/errors.hpp"

namespace virtcheck::libvirt::native {

inline constexpr const char* module_file = "virtcheck-libvirt-native.so";

// Thrown by open() when the URI (test://, TLS, esx://, ...) or the daemon's authentication
// (SASL) is one the native client leaves to libvirt.so: the caller may open the same URI
// through virtcheck-libvirt.so instead, once. Uncaught it is an ordinary UNKNOWN.
struct NotHandledNatively : CollectError {
    explicit NotHandledNatively(const std::string& what_is_not)
        : CollectError(Kind::Failed, "the native libvirt client does not handle " + what_is_not), why(what_is_not) {}
    std::string why;  // "the test driver (test:///default)"
};

}  // namespace virtcheck::libvirt::native
