#pragma once
// Passwords and tokens for notifiers, from a TOML file of name = "value" lines that only its
// owner may read. Values never appear in any message: errors name the file, line and secret
// name only, and redact() takes values out of text that came from elsewhere (library errors).
#include <map>
#include <string>
#include <string_view>

namespace virtcheck::alert {

class Secrets {
public:
    Secrets() = default;
    // Throws ConfigError: not owned by us, readable by group or others, a symlink, not TOML.
    static Secrets load(const std::string& path);
    static Secrets parse(std::string_view text, const std::string& path);

    // Throws ConfigError naming the secret (not its value) when it is missing.
    const std::string& get(const std::string& name) const;
    bool has(const std::string& name) const { return values_.count(name) > 0; }

    std::string redact(std::string text) const;

private:
    std::string path_;
    std::map<std::string, std::string> values_;
};

}  // namespace virtcheck::alert
