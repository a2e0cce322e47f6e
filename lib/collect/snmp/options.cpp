#include "collect/snmp/options.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "collect/backend.hpp"
#include "core/errors.hpp"
#include "core/private_file.hpp"

namespace virtcheck::snmp {
namespace {

std::string from_environment(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

}  // namespace

SnmpOptions::SnmpOptions(Cli& cli, const std::string& auth_file) : cli_(cli), auth_file_(auth_file) {}

void SnmpOptions::add_to(CLI::App& group) {
    group.add_flag("--snmp", forced_, "Use SNMP even without -C/-P 3/-U (community then from --auth-file or the environment)");
    group.add_option("-C,--community", community_, "SNMP v1/v2c community (better: --auth-file or $VIRTCHECK_SNMP_COMMUNITY)")
        ->option_text("STRING");
    group.add_option("-P,--protocol", protocol_, "SNMP version: 1, 2c (default) or 3 (default with -U)")
        ->check(CLI::IsMember({"1", "2c", "3"}))
        ->option_text("VERSION");
    group.add_option("-L,--seclevel", level_, "SNMPv3 security level: noAuthNoPriv, authNoPriv, authPriv (default: from the passwords given)")
        ->check(CLI::IsMember({"noAuthNoPriv", "authNoPriv", "authPriv"}))
        ->option_text("LEVEL");
    group.add_option("-U,--secname", user_, "SNMPv3 user name")->option_text("USER");
    group.add_option("-a,--authproto", auth_protocol_, "SNMPv3 authentication: MD5, SHA (default), SHA-224, SHA-256, SHA-384, SHA-512")
        ->option_text("PROTOCOL");
    group.add_option("-A,--authpasswd", auth_password_, "SNMPv3 authentication password (better: --auth-file or $VIRTCHECK_SNMP_AUTH_PASSWORD)")
        ->option_text("PASSWORD");
    group.add_option("-x,--privproto", priv_protocol_, "SNMPv3 privacy: DES, AES (default), AES-192, AES-256")
        ->option_text("PROTOCOL");
    group.add_option("-X,--privpasswd", priv_password_, "SNMPv3 privacy password (better: --auth-file or $VIRTCHECK_SNMP_PRIV_PASSWORD)")
        ->option_text("PASSWORD");
    group.add_option("-p,--port", port_, "SNMP agent port (default 161)")->check(CLI::Range(1, 65535))->option_text("PORT");
    group.add_option("-e,--retries", retries_, "SNMP retries after the first try (default 2); all of them fit in -t")
        ->check(CLI::Range(0, 10))
        ->option_text("N");
}

bool SnmpOptions::enabled() const { return forced_ || !community_.empty() || protocol_ == "3" || !user_.empty(); }

namespace {

// -H as net-snmp should see it: "[::1]" and "::1" are IPv6; "host:port" is refused (-p).
std::string agent_host(const std::string& given) {
    std::string host = given;
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty() || host.find_first_of(" \t\r\n/[]") != std::string::npos)
        throw UsageError("invalid host name '" + given + "' for -H");
    if (std::count(host.begin(), host.end(), ':') == 1)
        throw UsageError("-H " + given + ": give the port with -p, not after a colon");
    return host;
}

}  // namespace

SessionOptions SnmpOptions::session() const {
    SessionOptions o;
    if (cli_.hostname.empty()) throw UsageError("SNMP mode needs the agent's address: -H HOST");
    o.host = agent_host(cli_.hostname);
    o.port = port_;
    o.address_family = cli_.address_family;
    // -U means v3 unless -P says otherwise; mixing the two families is a mistake, not a hint.
    std::string protocol = !protocol_.empty() ? protocol_ : !user_.empty() ? "3" : "2c";
    o.version = protocol == "1" ? Version::V1 : protocol == "3" ? Version::V3 : Version::V2c;
    if (o.version == Version::V3 && !community_.empty()) throw UsageError("-C is for SNMP v1/v2c; v3 uses -U");
    if (o.version != Version::V3 && (!user_.empty() || !level_.empty()))
        throw UsageError("-U and -L are for SNMP v3 (-P 3), not v" + protocol);

    Secrets secrets;
    if (!auth_file_.empty()) secrets = parse_secrets(read_auth_file(auth_file_), auth_file_);
    // The command line wins over the file, the file over the environment.
    auto pick = [](const std::string& given, const std::string& file, const char* variable) {
        return !given.empty() ? given : !file.empty() ? file : from_environment(variable);
    };
    o.community = pick(community_, secrets.community, "VIRTCHECK_SNMP_COMMUNITY");
    o.auth_password = pick(auth_password_, secrets.auth_password, "VIRTCHECK_SNMP_AUTH_PASSWORD");
    o.priv_password = pick(priv_password_, secrets.priv_password, "VIRTCHECK_SNMP_PRIV_PASSWORD");
    o.security_name = user_;
    o.auth_protocol = auth_protocol_;
    o.priv_protocol = priv_protocol_;

    if (o.version == Version::V3) {
        if (o.security_name.empty()) throw UsageError("SNMPv3 needs a user name: -U USER");
        if (level_.empty())
            o.level = !o.priv_password.empty()   ? SecurityLevel::AuthPriv
                      : !o.auth_password.empty() ? SecurityLevel::AuthNoPriv
                                                 : SecurityLevel::NoAuthNoPriv;
        else
            o.level = level_ == "authPriv"     ? SecurityLevel::AuthPriv
                      : level_ == "authNoPriv" ? SecurityLevel::AuthNoPriv
                                               : SecurityLevel::NoAuthNoPriv;
        if (o.level != SecurityLevel::NoAuthNoPriv && o.auth_password.empty())
            throw UsageError("-L " + level_ + " needs an authentication password (-A, --auth-file or the environment)");
        if (o.level == SecurityLevel::AuthPriv && o.priv_password.empty())
            throw UsageError("-L authPriv needs a privacy password (-X, --auth-file or the environment)");
    } else if (o.community.empty()) {
        throw UsageError("SNMP v" + protocol + " needs a community (-C, --auth-file or $VIRTCHECK_SNMP_COMMUNITY)");
    }
    // Every try of every request must fit in -t, with room to print the result.
    o.retries = retries_;
    o.timeout_seconds = std::max(0.05, cli_.timeout * 0.8 / (retries_ + 1));
    return o;
}

}  // namespace virtcheck::snmp
