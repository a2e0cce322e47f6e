#include "collect/libvirt/common/error_text.hpp"

#include <libvirt/virterror.h>

#include <initializer_list>

namespace virtcheck::libvirt {
namespace {

bool contains_any(std::string_view text, std::initializer_list<std::string_view> needles) {
    for (auto needle : needles)
        if (text.find(needle) != std::string_view::npos) return true;
    return false;
}

}  // namespace

std::string cannot_look(std::string_view message) {
    if (contains_any(message, {"Could not resolve hostname", "Name or service not known",
                               "Temporary failure in name resolution", "Unable to resolve address",
                               "No address associated with hostname"}))
        return "the host name does not resolve";
    // The ssh client's own errors ("ssh: connect to host ...: Connection refused", host keys).
    if (contains_any(message, {"ssh: ", "Host key verification failed"})) return "ssh failed";
    return "";
}

CollectError::Kind classify_error(int code, int domain, std::string_view message) {
    switch (code) {
        case VIR_ERR_AUTH_FAILED:
        case VIR_ERR_AUTH_CANCELLED:
        case VIR_ERR_AUTH_UNAVAILABLE:
        case VIR_ERR_OPERATION_DENIED:
        case VIR_ERR_ACCESS_DENIED:
            return CollectError::Kind::Denied;
        default:
            break;
    }
    if (contains_any(message, {"Permission denied", "authentication", "Authentication"}))
        return CollectError::Kind::Denied;
    // The way there failed (no such host, ssh refused): the check could not look, which says
    // nothing of the service.
    if (!cannot_look(message).empty()) return CollectError::Kind::Failed;
    // The daemon's socket is missing, refuses connections, or the daemon went away mid-call.
    bool transport = domain == VIR_FROM_RPC || domain == VIR_FROM_REMOTE || code == VIR_ERR_SYSTEM_ERROR ||
                     code == VIR_ERR_NO_CONNECT || code == VIR_ERR_RPC;
    if (transport && contains_any(message, {"Failed to connect socket", "Connection refused",
                                            "No such file or directory", "Connection reset",
                                            "End of file while reading data", "client socket is closed",
                                            "Broken pipe", "Cannot recv data", "Cannot write data"}))
        return CollectError::Kind::Unreachable;
    return CollectError::Kind::Failed;
}

std::string advice_for(const std::string& uri, std::string_view message) {
    // The local system daemon: qemu:///system, lxc:///system, qemu+unix:///system?...
    bool local_system = uri.find("///system") != std::string::npos && uri.find("+ssh") == std::string::npos &&
                        uri.find("+tls") == std::string::npos && uri.find("+tcp") == std::string::npos;
    if (!local_system) return "";
    if (!contains_any(message, {"Permission denied", "system bus", "polkit", "authentication unavailable"})) return "";
    return " (as a user other than root: put the user into the libvirt group, or allow it "
           "org.libvirt.unix.monitor with a polkit rule, or check over qemu+ssh:// with a key; see check_hypervisor(1))";
}

CollectError describe_error(const std::string& uri, std::string_view doing, CollectError::Kind kind,
                            std::string message) {
    message += advice_for(uri, message);
    switch (kind) {
        case CollectError::Kind::Unreachable:
            return CollectError(kind, "hypervisor not running: cannot reach libvirt at " + uri + " (" + message + ")");
        case CollectError::Kind::Denied:
            return CollectError(kind, "libvirt at " + uri + " refused access: " + message);
        case CollectError::Kind::Failed:
            break;
    }
    if (auto why = cannot_look(message); !why.empty())
        return CollectError(kind, "could not look at libvirt at " + uri + ": " + why + " (" + message + ")");
    return CollectError(kind, "libvirt at " + uri + " failed while " + std::string(doing) + ": " + message);
}

}  // namespace virtcheck::libvirt
