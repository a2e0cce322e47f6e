#pragma once
// The vSphere options: --vsphere [URL] chooses the backend (bare, with -H HOST, it means
// https://HOST/sdk), --datacenter/--cluster/--esx-host narrow what is read in vCenter,
// --ca-file/--insecure decide how the server is verified, --no-session-cache logs in and out
// each run. The user comes from --user, the --auth-file or $VIRTCHECK_VSPHERE_USER; the
// password from the --auth-file or $VIRTCHECK_VSPHERE_PASSWORD, never from the command line.
#include <string>

#include "collect/vsphere/vsphere.hpp"
#include "core/cli.hpp"

namespace virtcheck::vsphere {

class VsphereOptions {
public:
    // `auth_file` is the check's --auth-file (shared with the other backends): in vSphere
    // mode it holds "username = ..." and "password = ..." lines.
    VsphereOptions(Cli& cli, const std::string& auth_file);
    void add_to(CLI::App& group);  // under the heading `heading`
    static constexpr const char* heading = "vSphere (instead of libvirt: ESXi or vCenter over their API)";

    // Whether any vSphere option was given (--vsphere itself, or one that only it reads).
    bool given() const;

    // What to connect with, after parsing. Throws UsageError for missing or contradicting
    // options, and for an --auth-file other users can read.
    ConnectOptions connect_options() const;

private:
    bool url_given() const { return vsphere_ && vsphere_->count() > 0; }  // --vsphere, with or without URL

    const Cli& cli_;
    const std::string& auth_file_;
    CLI::Option* vsphere_ = nullptr;  // null while the options are held back
    std::string url_, datacenter_, cluster_, esx_host_, ca_file_, user_;
    bool insecure_ = false, no_session_cache_ = false;
};

// "https://vc.example.com/sdk" from what --vsphere and -H gave. Throws UsageError.
std::string sdk_url(const std::string& given, const std::string& host);

// "key = value" lines of a vSphere --auth-file; '#' starts a comment line. Throws UsageError.
struct Credentials {
    std::string username, password;
};
Credentials parse_credentials(const std::string& text, const std::string& file);

}  // namespace virtcheck::vsphere
