#pragma once
// Where a libvirt URI leads when libvirt's remote driver opens it, for the URIs the native
// client handles: a local unix socket (qemu:///system, qemu:///session, lxc:///, ?socket=)
// or ssh to a host (qemu+ssh://). Socket paths, the ssh command line and the name sent in
// CONNECT_OPEN follow libvirt 9.0's remote driver (remote_driver.c, remote_sockets.c,
// virnetclient.c). Anything else throws NotHandledNatively.
#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace virtcheck::libvirt::native {

// What the resolution needs to know about this process and host (injected for tests).
struct Host {
    uid_t euid = 0;
    std::function<std::optional<std::string>(const std::string&)> environment;  // getenv
    std::function<bool(const std::string&)> exists;                             // a path exists
    std::function<std::optional<std::string>(const std::string&)> read_file;    // a small text file
};

// This process and this machine.
Host this_host();

struct Target {
    std::string socket_path;                  // unix: the socket; empty for ssh
    std::vector<std::string> command;         // ssh: the command line; empty for unix
    std::vector<std::string> command_environment;  // ssh: the variables libvirt passes on
    std::optional<std::string> open_name;     // the URI the daemon opens (CONNECT_OPEN name)
    unsigned open_flags = 0;                  // the remote driver's flags sent with it
    bool polkit_wanted = false;               // ?auth=polkit
    bool may_autostart = false;               // libvirt would start a session daemon on failure
};

// Throws NotHandledNatively for URIs the native client leaves to libvirt.so.
Target resolve_target(const std::string& uri, bool read_only, const Host& host);

}  // namespace virtcheck::libvirt::native
