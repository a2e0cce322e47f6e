#include "collect/snmp/secrets.hpp"

#include "collect/auth_values.hpp"

namespace virtcheck::snmp {

Secrets parse_secrets(const std::string& text, const std::string& file) {
    auto values = auth_values(text, file, {"community", "auth-password", "priv-password"});
    return Secrets{values["community"], values["auth-password"], values["priv-password"]};
}

}  // namespace virtcheck::snmp
