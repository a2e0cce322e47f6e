#pragma once
// The SNMP secrets file (--auth-file in SNMP mode): "community = ...", "auth-password = ...",
// "priv-password = ..." lines. Its text is untrusted and secret: never quoted back.
#include <string>

namespace virtcheck::snmp {

struct Secrets {
    std::string community, auth_password, priv_password;
};

// "key = value" lines; only whole lines starting with '#' are comments. Throws UsageError
// naming `file` and the line number.
Secrets parse_secrets(const std::string& text, const std::string& file);

}  // namespace virtcheck::snmp
