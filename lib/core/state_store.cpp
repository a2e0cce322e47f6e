#include "core/state_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <sstream>

#include "core/errors.hpp"
#include "core/number.hpp"

namespace virtcheck {
namespace {

constexpr const char* header = "virtcheck-state 1";

}  // namespace

std::string state_directory() {
    if (const char* dir = std::getenv("VIRTCHECK_STATE_DIR"); dir && *dir) return dir;
    if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) return std::string(xdg) + "/virtcheck";
    if (geteuid() == 0) return "/var/lib/virtcheck";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/state/virtcheck";
    return "/tmp/virtcheck-" + std::to_string(geteuid());
}

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
    throw UsageError("state file: cannot " + what + " " + path + ": " + std::strerror(errno));
}

// Creates the directory (and parents) as 0700 and makes sure it is ours and not a symlink.
void ensure_directory(const std::string& dir) {
    for (std::size_t slash = 1; slash != std::string::npos;) {
        slash = dir.find('/', slash + 1);
        std::string part = dir.substr(0, slash);
        if (mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) fail("create", part);
    }
    struct stat info{};
    if (lstat(dir.c_str(), &info) != 0) fail("read", dir);
    if (S_ISLNK(info.st_mode) || !S_ISDIR(info.st_mode))
        throw UsageError("state directory " + dir + " is a symlink or not a directory, refusing to use it");
    if (info.st_uid != geteuid())
        throw UsageError("state directory " + dir + " belongs to another user, refusing to use it");
}

std::string hex_hash(const std::string& text) {
    // FNV-1a, 64 bit: stable across builds (std::hash is not), enough to tell targets apart.
    std::uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
    return buffer;
}

}  // namespace

std::string format_sample(const Sample& sample) {
    std::string text = std::string(header) + "\ntime\t" + format_number(sample.time) + "\n";
    for (const auto& [key, value] : sample.counters) {
        std::string safe_key = key;
        for (char& c : safe_key)
            if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        text += safe_key + "\t" + format_number(value) + "\n";
    }
    return text;
}

std::optional<Sample> parse_sample(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || line != header) return std::nullopt;
    Sample sample;
    bool has_time = false;
    while (std::getline(in, line)) {
        auto tab = line.rfind('\t');
        if (tab == std::string::npos) return std::nullopt;
        auto number = read_number_prefix(std::string_view(line).substr(tab + 1));
        if (!number || tab + 1 + number->length != line.size()) return std::nullopt;
        std::string key = line.substr(0, tab);
        if (key == "time") {
            sample.time = number->value;
            has_time = true;
        } else {
            sample.counters[key] = number->value;
        }
    }
    if (!has_time) return std::nullopt;
    return sample;
}

StateStore::StateStore(const std::string& check, const std::string& key)
    : directory_(state_directory()), path_(directory_ + "/" + check + "-" + hex_hash(key) + ".state") {}

StateStore::~StateStore() {
    if (lock_fd_ >= 0) close(lock_fd_);
}

std::optional<Sample> StateStore::load() {
    ensure_directory(directory_);
    if (lock_fd_ < 0) {
        // Held until this store is destroyed, so that two runs never interleave load and save.
        // A run stuck behind another's lock ends with the watchdog's timeout, naming this stage.
        const std::string lock_path = path_ + ".lock";
        lock_fd_ = open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (lock_fd_ < 0) fail("open", lock_path);
        if (flock(lock_fd_, LOCK_EX) != 0) fail("lock", lock_path);
    }

    int fd = open(path_.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT) return std::nullopt;
        if (errno == ELOOP) throw UsageError("state file " + path_ + " is a symlink, refusing to follow it");
        fail("open", path_);
    }
    struct stat info{};
    fstat(fd, &info);
    if (info.st_uid != geteuid()) {
        close(fd);
        throw UsageError("state file " + path_ + " belongs to another user, refusing to use it");
    }
    std::string text;
    char buffer[65536];
    for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0 && text.size() < (64u << 20);) text.append(buffer, n);
    close(fd);
    auto sample = S_ISREG(info.st_mode) ? parse_sample(text) : std::nullopt;
    if (!sample) problem_ = "state file " + path_ + " was unreadable and has been replaced";
    return sample;
}

void StateStore::save(const Sample& sample) {
    std::string temporary = path_ + ".tmp" + std::to_string(getpid());
    int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) fail("create", temporary);
    std::string text = format_sample(sample);
    bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
    close(fd);
    if (!written || rename(temporary.c_str(), path_.c_str()) != 0) {
        unlink(temporary.c_str());
        fail("write", path_);
    }
}

}  // namespace virtcheck
