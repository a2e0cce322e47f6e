#include "collect/snmp/secrets.hpp"

#include <sstream>

#include "core/errors.hpp"

namespace virtcheck::snmp {
namespace {

std::string trim(const std::string& text) {
    auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

Secrets parse_secrets(const std::string& text, const std::string& file) {
    Secrets secrets;
    std::istringstream lines(text);
    int number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++number;
        // Only whole lines are comments: a '#' inside a secret is part of it.
        line = trim(line);
        if (line.empty() || line.front() == '#') continue;
        auto eq = line.find('=');
        std::string key = eq == std::string::npos ? "" : trim(line.substr(0, eq));
        std::string value = eq == std::string::npos ? "" : trim(line.substr(eq + 1));
        // The line itself is never quoted back: it may hold a secret.
        if (key == "community") secrets.community = value;
        else if (key == "auth-password") secrets.auth_password = value;
        else if (key == "priv-password") secrets.priv_password = value;
        else throw UsageError("--auth-file " + file + ": line " + std::to_string(number) +
                              " is not community=, auth-password= or priv-password=");
    }
    return secrets;
}

}  // namespace virtcheck::snmp
