#pragma once
// The libvirt connection options: --uri, -H with --transport and --driver, --libvirt-client;
// --auth-file (shared by every backend) is libvirt's auth.conf here.
#include <string>

#include "collect/backend.hpp"
#include "core/cli.hpp"

namespace virtcheck::libvirt {

// Which implementation of libvirt's client opens the URI (--libvirt-client): the native one
// where it handles the URI, else libvirt.so; or one of them, forced.
enum class ClientChoice { Automatic, Native, Library };

class ConnectionOptions {
public:
    ConnectionOptions(Cli& cli, const CommonOptions& common);
    void add_to(CLI::App& group);  // under the heading `heading`
    static constexpr const char* heading = "libvirt connection";

    // The URI to open, after parsing: --uri; or DRIVER+TRANSPORT://HOST/system from -H; or
    // $LIBVIRT_DEFAULT_URI; or qemu:///system. Applies --auth-file. Throws UsageError.
    std::string uri() const;

    bool uri_given() const { return !uri_.empty(); }

    ClientChoice client() const;
    bool client_given() const { return !client_.empty(); }

private:
    const Cli& cli_;
    const CommonOptions& common_;
    std::string uri_;
    std::string transport_ = "ssh";
    std::string driver_ = "qemu";
    std::string client_;
};

// Whether a URI reaches the hypervisor on this host (no host part, no network transport):
// "qemu:///system", "test:///default", "qemu+unix:///system". Aliases count as remote.
bool is_local_uri(const std::string& uri);

// The URI -H HOST stands for. Throws UsageError for a host name that would change the URI.
std::string remote_uri(const std::string& host, const std::string& driver, const std::string& transport);

}  // namespace virtcheck::libvirt
