#pragma once
// Turning libvirt's errors into the three outcomes a check reports (see core/errors.hpp),
// with the same words for both libvirt clients: libvirt.so (module/) and the native one.
#include <string>
#include <string_view>

#include "core/errors.hpp"

namespace virtcheck::libvirt {

// Pure, for tests: which kind of failure a libvirt error (code, domain, message) is.
CollectError::Kind classify_error(int code, int domain, std::string_view message);

// Why the check could not even look, when `message` says the way to the host failed (its
// name does not resolve, ssh failed); "" otherwise.
std::string cannot_look(std::string_view message);

// What to do about the usual mistake behind `message`, or "": a non-root user on the local
// system daemon ("Permission denied", no polkit agent, no D-Bus) is told the ways in (pure).
std::string advice_for(const std::string& uri, std::string_view message);

// The CollectError a check reports for a libvirt error at `uri`, with advice_for() added to
// `message`. `doing` completes "while ..." for errors other than "not running", "refused
// access" and "could not look".
CollectError describe_error(const std::string& uri, std::string_view doing, CollectError::Kind kind,
                            std::string message);

}  // namespace virtcheck::libvirt
