#pragma once
// The session cookie (and what comes with the session: the service content and the
// ContainerViews made in it) kept between runs: one small file per URL and user in the
// state directory. Read without a lock; written to a temporary file, fsynced and renamed,
// so that concurrent runs never block each other and never see half a file: a lost race
// costs one extra login, nothing more.
#include <map>
#include <optional>
#include <string>

namespace virtcheck::vsphere {

struct CachedSession {
    std::string url;
    std::string user;
    std::string cookie;
    std::map<std::string, std::string> content;  // service content / about fields: "propertyCollector" -> "type:value"
    std::map<std::string, std::string> views;    // "HostSystem|dc|cluster|host" -> "type:value"
};

// Pure, for tests.
std::string format_session(const CachedSession& session);
std::optional<CachedSession> parse_session(const std::string& text);

class SessionCache {
public:
    // An empty directory disables the cache.
    SessionCache(std::string directory, const std::string& url, const std::string& user);

    bool enabled() const { return !path_.empty(); }
    const std::string& path() const { return path_; }

    // Nothing when there is no file, or one that is not ours to trust (another owner, other
    // users may read it, a symlink, not for this URL and user, corrupt).
    std::optional<CachedSession> load() const;

    // Replaces the file atomically (mode 0600). Throws UsageError when the directory cannot
    // be used (a symlink, another owner); a failed write is not an error for a run.
    void save(const CachedSession& session) const;

    void remove() const;

private:
    std::string directory_;
    std::string path_;
    std::string url_;
    std::string user_;
};

// The state directory made ready (created 0700, ours, not a symlink). Throws UsageError.
void ensure_private_directory(const std::string& directory);

// FNV-1a, 64 bit, in hex: stable file names from a key.
std::string hex_hash(const std::string& text);

}  // namespace virtcheck::vsphere
