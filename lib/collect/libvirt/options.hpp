#pragma once
// The libvirt connection options every libvirt check shares: --uri, -H with --transport and
// --driver, --auth-file.
#include <string>

#include "core/cli.hpp"

namespace virtcheck::libvirt {

class ConnectionOptions {
public:
    explicit ConnectionOptions(Cli& cli);

    // The URI to open, after parsing: --uri; or DRIVER+TRANSPORT://HOST/system from -H; or
    // $LIBVIRT_DEFAULT_URI; or qemu:///system. Applies --auth-file. Throws UsageError.
    std::string uri() const;

    // --auth-file as given; the SNMP options read it too (see collect/snmp/options.hpp).
    const std::string& auth_file() const { return auth_file_; }

private:
    const Cli& cli_;
    std::string uri_;
    std::string transport_ = "ssh";
    std::string driver_ = "qemu";
    std::string auth_file_;
};

// The URI -H HOST stands for. Throws UsageError for a host name that would change the URI.
std::string remote_uri(const std::string& host, const std::string& driver, const std::string& transport);

}  // namespace virtcheck::libvirt
