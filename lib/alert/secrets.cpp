#include "alert/secrets.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <toml++/toml.h>

#include "alert/config.hpp"
#include "alert/toml_guard.hpp"

namespace virtcheck::alert {

Secrets Secrets::load(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ELOOP) throw ConfigError(path + ": the secrets file is a symlink; refusing to follow it");
        throw ConfigError(path + ": cannot read the secrets file: " + std::strerror(errno));
    }
    struct stat info{};
    fstat(fd, &info);
    auto refuse = [&](const std::string& why) {
        close(fd);
        throw ConfigError(path + ": " + why);
    };
    if (!S_ISREG(info.st_mode)) refuse("the secrets file is not a regular file");
    if (info.st_uid != geteuid()) refuse("the secrets file belongs to another user; it must be this user's own");
    if (info.st_mode & 077)
        refuse("the secrets file may be read by others (mode " + std::to_string((info.st_mode >> 6) & 7) +
               std::to_string((info.st_mode >> 3) & 7) + std::to_string(info.st_mode & 7) + "); chmod 600 it");
    std::string text;
    char buffer[8192];
    for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0 && text.size() < (1u << 20);) text.append(buffer, n);
    close(fd);
    return parse(text, path);
}

Secrets Secrets::parse(std::string_view text, const std::string& path) {
    Secrets secrets;
    secrets.path_ = path;
    if (auto problem = toml_guard_problem(text))
        throw ConfigError(path + ":" + std::to_string(problem->line) + ": " + problem->what);
    toml::table table;
    try {
        table = toml::parse(text, path);
    } catch (const toml::parse_error& error) {
        // The parser's description may quote the text around the mistake: a secret. Line only.
        throw ConfigError(path + ":" + std::to_string(error.source().begin.line) +
                          ": not valid TOML (write name = \"value\" lines)");
    }
    for (auto&& [key, node] : table) {
        auto value = node.value<std::string>();
        if (!node.is_string() || !value)
            throw ConfigError(path + ":" + std::to_string(node.source().begin.line) + ": secret '" +
                              std::string(key.str()) + "' must be a string");
        secrets.values_[std::string(key.str())] = *value;
    }
    return secrets;
}

const std::string& Secrets::get(const std::string& name) const {
    auto found = values_.find(name);
    if (found == values_.end())
        throw ConfigError((path_.empty() ? std::string("no secrets file (defaults.secrets)") : path_) +
                          ": no secret '" + name + "'");
    return found->second;
}

std::string Secrets::redact(std::string text) const {
    for (const auto& [name, value] : values_) {
        if (value.size() < 3) continue;
        for (auto at = text.find(value); at != std::string::npos; at = text.find(value, at + 3))
            text.replace(at, value.size(), "***");
    }
    return text;
}

}  // namespace virtcheck::alert
