#include "collect/vsphere/options.hpp"

#include <cstdlib>

#include "collect/auth_values.hpp"
#include "collect/backend.hpp"
#include "core/errors.hpp"
#include "core/state_store.hpp"

namespace virtcheck::vsphere {
namespace {

std::string from_environment(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

void check_host(const std::string& host, const char* option) {
    if (host.empty() || host.find_first_of("/?#@\\ \t\r\n") != std::string::npos)
        throw UsageError("invalid host name '" + host + "' for " + option);
}

}  // namespace

Credentials parse_credentials(const std::string& text, const std::string& file) {
    auto values = auth_values(text, file, {"username", "password"});
    return Credentials{values["username"], values["password"]};
}

std::string sdk_url(const std::string& given, const std::string& host) {
    if (given.empty()) {
        if (host.empty()) throw UsageError("--vsphere needs a URL (--vsphere https://HOST/sdk) or -H HOST");
        check_host(host, "-H");
        bool ipv6 = host.find(':') != std::string::npos && host.front() != '[';
        return "https://" + (ipv6 ? "[" + host + "]" : host) + "/sdk";
    }
    if (!host.empty()) throw UsageError("give either --vsphere URL or -H HOST --vsphere, not both");
    // A bare host name stands for its /sdk; a URL without a path for the same.
    auto scheme = given.find("://");
    if (scheme == std::string::npos) {
        check_host(given, "--vsphere");
        return "https://" + given + "/sdk";
    }
    if (given.compare(0, scheme, "https") != 0)
        throw UsageError("--vsphere: want an https:// URL (https://HOST/sdk), not " + given);
    auto path = given.find('/', scheme + 3);
    std::string authority = given.substr(scheme + 3, path == std::string::npos ? std::string::npos : path - scheme - 3);
    if (authority.find('@') != std::string::npos)
        throw UsageError("--vsphere: no user name or password in the URL: give them with --user and --auth-file");
    check_host(authority, "--vsphere");
    if (path == std::string::npos || given.substr(path) == "/") return "https://" + authority + "/sdk";
    return given;
}

VsphereOptions::VsphereOptions(Cli& cli, const std::string& auth_file) : cli_(cli), auth_file_(auth_file) {}

void VsphereOptions::add_to(CLI::App& group) {
    vsphere_ = group.add_option("--vsphere", url_,
                                 "Read ESXi or vCenter over the vSphere API at URL (https://HOST/sdk; bare, "
                                 "with -H HOST: https://HOST/sdk)")
                   ->expected(0, 1)
                   ->option_text("[URL]");
    group.add_option("--user", user_, "vSphere user (else from --auth-file or $VIRTCHECK_VSPHERE_USER)")
        ->option_text("USER");
    group.add_option("--datacenter", datacenter_, "vCenter: only this datacenter")->option_text("NAME");
    group.add_option("--cluster", cluster_, "vCenter: only this cluster")->option_text("NAME");
    group.add_option("--esx-host", esx_host_, "vCenter: only this ESXi host (its VMs and datastores)")
        ->option_text("NAME");
    group.add_option("--ca-file", ca_file_, "Verify the server with these CA certificates (PEM) instead of the system's")
        ->option_text("FILE");
    group.add_flag("--insecure", insecure_, "Do not verify the server's certificate (said in -v output)");
    group.add_flag("--no-session-cache", no_session_cache_,
                    "Log in and out on every run instead of reusing the session of earlier runs");
}

bool VsphereOptions::given() const {
    return url_given() || !user_.empty() || !datacenter_.empty() || !cluster_.empty() ||
           !esx_host_.empty() || !ca_file_.empty() || insecure_ || no_session_cache_;
}

ConnectOptions VsphereOptions::connect_options() const {
    if (!url_given())
        throw UsageError("--user, --datacenter, --cluster, --esx-host, --ca-file, --insecure and --no-session-cache "
                         "are vSphere options: add --vsphere URL (or -H HOST --vsphere)");
    if (insecure_ && !ca_file_.empty()) throw UsageError("give --ca-file or --insecure, not both");
    ConnectOptions o;
    o.url = sdk_url(url_, cli_.hostname);
    Credentials file;
    if (!auth_file_.empty()) file = parse_credentials(read_auth_file(auth_file_), auth_file_);
    o.user = !user_.empty() ? user_ : !file.username.empty() ? file.username : from_environment("VIRTCHECK_VSPHERE_USER");
    o.password = !file.password.empty() ? file.password : from_environment("VIRTCHECK_VSPHERE_PASSWORD");
    if (o.user.empty())
        throw UsageError("vSphere mode needs a user: --user USER, a username= line in --auth-file, or "
                         "$VIRTCHECK_VSPHERE_USER");
    if (o.password.empty())
        throw UsageError("vSphere mode needs a password: a password= line in --auth-file (mode 600) or "
                         "$VIRTCHECK_VSPHERE_PASSWORD");
    o.ca_file = ca_file_;
    o.insecure = insecure_;
    o.session_cache = !no_session_cache_;
    o.state_directory = state_directory();
    o.datacenter = datacenter_;
    o.cluster = cluster_;
    o.esx_host = esx_host_;
    // Every request must end before the watchdog does, with room to print the result.
    o.time_budget_seconds = cli_.timeout * 0.8;
    return o;
}

}  // namespace virtcheck::vsphere
