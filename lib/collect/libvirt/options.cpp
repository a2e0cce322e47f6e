#include "collect/libvirt/options.hpp"

#include <cstdlib>
#include <set>

#include "core/errors.hpp"
#include "core/private_file.hpp"

namespace virtcheck::libvirt {
namespace {

// Drivers whose URIs take /system; the others (esx, vpx, hyperv, ...) take a bare host.
const std::set<std::string> system_drivers = {"qemu", "lxc", "xen", "bhyve", "vz", "ch"};
const std::set<std::string> transports = {"ssh", "libssh", "libssh2", "tls", "tcp"};
const std::set<std::string> clients = {"native", "library"};

}  // namespace

ConnectionOptions::ConnectionOptions(Cli& cli, const CommonOptions& common) : cli_(cli), common_(common) {}

void ConnectionOptions::add_to(CLI::App& group) {
    group.add_option("-u,--uri", uri_,
                      "libvirt URI (default: $LIBVIRT_DEFAULT_URI, else qemu:///system)")
        ->option_text("URI");
    group.add_option("--transport", transport_, "With -H: ssh (default), libssh, libssh2, tls or tcp")
        ->check(CLI::IsMember(transports))
        ->option_text("NAME");
    group.add_option("--driver", driver_, "With -H: libvirt driver, e.g. qemu (default), xen, lxc, esx")
        ->option_text("NAME");
    group.add_option("--libvirt-client", client_,
                      "native: speak libvirt's protocol directly (local sockets, qemu+ssh://); library: "
                      "libvirt.so (every URI); default: native where it can, else libvirt.so")
        ->check(CLI::IsMember(clients))
        ->option_text("NAME");
}

ClientChoice ConnectionOptions::client() const {
    if (client_ == "native") return ClientChoice::Native;
    if (client_ == "library") return ClientChoice::Library;
    return ClientChoice::Automatic;
}

std::string remote_uri(const std::string& host, const std::string& driver, const std::string& transport) {
    if (host.empty() || host.find_first_of("/?#\\ \t\r\n") != std::string::npos)
        throw UsageError("invalid host name '" + host + "' for -H");
    if (driver.empty() || driver.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") != std::string::npos)
        throw UsageError("invalid libvirt driver name '" + driver + "'");
    if (!system_drivers.count(driver)) return driver + "://" + host + "/";
    std::string uri = driver + "+" + transport + "://" + host + "/system";
    // Without a terminal ssh would wait for a password until the timeout; fail at once instead.
    if (transport == "ssh") uri += "?no_tty=1";
    return uri;
}

bool is_local_uri(const std::string& uri) {
    auto scheme_end = uri.find("://");
    if (scheme_end == std::string::npos) return false;
    std::string scheme = uri.substr(0, scheme_end);
    if (auto plus = scheme.find('+'); plus != std::string::npos && scheme.substr(plus + 1) != "unix") return false;
    return uri.compare(scheme_end + 3, 1, "/") == 0;  // "driver:///path": no host
}

std::string ConnectionOptions::uri() const {
    const std::string& auth_file = common_.auth_file;
    if (!auth_file.empty()) {
        // libvirt reads the file itself later; it must be as private as every --auth-file.
        check_private_file(auth_file, "--auth-file");
        ::setenv("LIBVIRT_AUTH_FILE", auth_file.c_str(), 1);
    }
    if (!uri_.empty() && !cli_.hostname.empty()) throw UsageError("give either --uri or -H, not both");
    if (!uri_.empty()) return uri_;
    if (!cli_.hostname.empty()) return remote_uri(cli_.hostname, driver_, transport_);
    const char* from_environment = std::getenv("LIBVIRT_DEFAULT_URI");
    return from_environment && *from_environment ? from_environment : "qemu:///system";
}

}  // namespace virtcheck::libvirt
