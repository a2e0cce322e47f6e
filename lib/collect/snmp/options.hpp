#pragma once
// The SNMP options, named as monitoring-plugins' check_snmp names them: -C -P -L -U -a -A -x
// -X -p -e, plus --snmp. Secrets can stay off the command line: --auth-file (mode 0600) or
// the environment. SNMP mode is on when -C, -P 3, -U or --snmp is given.
#include <string>

#include "collect/snmp/secrets.hpp"
#include "collect/snmp/snmp.hpp"
#include "core/cli.hpp"

namespace virtcheck::snmp {

class SnmpOptions {
public:
    // `auth_file` is the check's --auth-file (shared with the libvirt options): in SNMP mode
    // it holds "community = ...", "auth-password = ...", "priv-password = ..." lines.
    SnmpOptions(Cli& cli, const std::string& auth_file);
    void add_to(CLI::App& group);  // under the heading `heading`
    static constexpr const char* heading = "SNMP (instead of libvirt; -H is the agent)";

    bool enabled() const;

    // The session to open, after parsing. Throws UsageError for missing or contradicting
    // options, and for an --auth-file other users can read.
    SessionOptions session() const;

private:
    const Cli& cli_;
    const std::string& auth_file_;
    bool forced_ = false;
    std::string community_, protocol_, level_, user_, auth_protocol_ = "SHA", auth_password_,
                            priv_protocol_ = "AES", priv_password_;
    unsigned port_ = 161, retries_ = 2;
};

}  // namespace virtcheck::snmp
