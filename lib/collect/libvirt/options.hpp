#pragma once
// The libvirt connection options: --uri, -H with --transport and --driver; --auth-file
// (shared by every backend) is libvirt's auth.conf here.
#include <string>

#include "collect/backend.hpp"
#include "core/cli.hpp"

namespace virtcheck::libvirt {

class ConnectionOptions {
public:
    ConnectionOptions(Cli& cli, const CommonOptions& common);

    // The URI to open, after parsing: --uri; or DRIVER+TRANSPORT://HOST/system from -H; or
    // $LIBVIRT_DEFAULT_URI; or qemu:///system. Applies --auth-file. Throws UsageError.
    std::string uri() const;

    bool uri_given() const { return !uri_.empty(); }

private:
    const Cli& cli_;
    const CommonOptions& common_;
    std::string uri_;
    std::string transport_ = "ssh";
    std::string driver_ = "qemu";
};

// The URI -H HOST stands for. Throws UsageError for a host name that would change the URI.
std::string remote_uri(const std::string& host, const std::string& driver, const std::string& transport);

}  // namespace virtcheck::libvirt
