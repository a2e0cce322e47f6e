#pragma once
// With libvirtd down, the QEMU processes it started keep running, unmanaged: exactly what an
// alert about a stopped daemon is about. For a local URI they are counted from /proc.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace virtcheck::libvirt {

// Which QEMU processes belong to a URI's daemon, when the URI names this host's own QEMU
// driver (qemu:///system, qemu:///session, qemu+unix:///system); nothing for any other URI
// (remote hosts, other drivers, a socket of its own).
struct LocalQemu {
    bool session = false;  // qemu:///session: the user's own daemon
};
std::optional<LocalQemu> local_qemu(std::string_view uri);

// The guest name when `cmdline` (NUL-separated, as /proc/PID/cmdline) is a QEMU that
// libvirt started for the system (or, with `session`, a user's session) daemon.
std::optional<std::string> libvirt_guest(std::string_view cmdline, bool session);

// The names of the guests such processes run, sorted; `proc` is /proc (a test's tree).
// Processes of other users are counted only for the system daemon.
std::vector<std::string> unmanaged_guests(const LocalQemu& qemu, const std::string& proc = "/proc");

}  // namespace virtcheck::libvirt
