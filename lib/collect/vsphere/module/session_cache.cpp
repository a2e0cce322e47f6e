#include "collect/vsphere/module/session_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <sstream>

#include "core/errors.hpp"

namespace virtcheck::vsphere {
namespace {

constexpr const char* header = "virtcheck-vsphere-session 1";
constexpr std::size_t max_file_bytes = 256 * 1024;

bool storable(const std::string& text) {
    for (char c : text)
        if (c == '\t' || c == '\n' || c == '\r' || c == '\0') return false;
    return true;
}

}  // namespace

std::string hex_hash(const std::string& text) {
    std::uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
    return buffer;
}

void ensure_private_directory(const std::string& dir) {
    for (std::size_t slash = 1; slash != std::string::npos;) {
        slash = dir.find('/', slash + 1);
        std::string part = dir.substr(0, slash);
        if (mkdir(part.c_str(), 0700) != 0 && errno != EEXIST)
            throw UsageError("state directory: cannot create " + part + ": " + std::strerror(errno));
    }
    struct stat info{};
    if (lstat(dir.c_str(), &info) != 0)
        throw UsageError("state directory: cannot read " + dir + ": " + std::strerror(errno));
    if (S_ISLNK(info.st_mode) || !S_ISDIR(info.st_mode))
        throw UsageError("state directory " + dir + " is a symlink or not a directory; refusing to use it");
    if (info.st_uid != geteuid())
        throw UsageError("state directory " + dir + " belongs to another user; refusing to use it");
}

std::string format_session(const CachedSession& s) {
    std::string text = std::string(header) + "\n";
    text += "url\t" + s.url + "\nuser\t" + s.user + "\ncookie\t" + s.cookie + "\n";
    for (const auto& [key, value] : s.content)
        if (storable(key) && storable(value)) text += "content\t" + key + "\t" + value + "\n";
    for (const auto& [key, value] : s.views)
        if (storable(key) && storable(value)) text += "view\t" + key + "\t" + value + "\n";
    return text;
}

std::optional<CachedSession> parse_session(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || line != header) return std::nullopt;
    CachedSession s;
    while (std::getline(in, line)) {
        auto tab = line.find('\t');
        if (tab == std::string::npos) return std::nullopt;
        std::string field = line.substr(0, tab), rest = line.substr(tab + 1);
        if (field == "url") {
            s.url = rest;
        } else if (field == "user") {
            s.user = rest;
        } else if (field == "cookie") {
            s.cookie = rest;
        } else if (field == "content" || field == "view") {
            auto second = rest.find('\t');
            if (second == std::string::npos) return std::nullopt;
            (field == "content" ? s.content : s.views)[rest.substr(0, second)] = rest.substr(second + 1);
        } else {
            return std::nullopt;
        }
    }
    if (s.url.empty() || s.cookie.empty()) return std::nullopt;
    return s;
}

SessionCache::SessionCache(std::string directory, const std::string& url, const std::string& user)
    : directory_(std::move(directory)), url_(url), user_(user) {
    if (!directory_.empty()) path_ = directory_ + "/vsphere-session-" + hex_hash(url + "\n" + user);
}

std::optional<CachedSession> SessionCache::load() const {
    if (!enabled()) return std::nullopt;
    int fd = open(path_.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return std::nullopt;
    struct stat info{};
    std::string text;
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_uid == geteuid() && (info.st_mode & 077) == 0 &&
        static_cast<std::size_t>(info.st_size) <= max_file_bytes) {
        char buffer[8192];
        for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0 && text.size() <= max_file_bytes;)
            text.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);
    auto session = parse_session(text);
    if (!session || session->url != url_ || session->user != user_) return std::nullopt;
    return session;
}

void SessionCache::save(const CachedSession& session) const {
    if (!enabled()) return;
    ensure_private_directory(directory_);
    std::random_device random;
    std::string temporary = path_ + ".tmp" + std::to_string(getpid()) + "-" + std::to_string(random());
    int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return;
    std::string text = format_session(session);
    bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
    close(fd);
    if (!written || rename(temporary.c_str(), path_.c_str()) != 0) unlink(temporary.c_str());
}

void SessionCache::remove() const {
    if (enabled()) unlink(path_.c_str());
}

}  // namespace virtcheck::vsphere
