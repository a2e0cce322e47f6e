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
#include <string_view>

#include "core/errors.hpp"
#include "core/number.hpp"

namespace virtcheck {
namespace {

// Version 2 ends in "end COUNT CHECKSUM": a file cut short or changed is never trusted.
constexpr std::string_view header = "virtcheck-state 2";
constexpr std::string_view old_header = "virtcheck-state 1";

std::optional<std::string> variable(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value) return std::nullopt;
    return value;
}

[[noreturn]] void fail(const std::string& what, const std::string& path) {
    throw UsageError("state file: cannot " + what + " " + path + ": " + std::strerror(errno));
}

std::string octal(mode_t mode) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
    return buffer;
}

// Why another local user could change what is in `dir` (replace the lock file, delete the
// state), or nothing when only its owner can.
std::string untrusted(const std::string& dir, const struct stat& info, bool final) {
    if (final && (S_ISLNK(info.st_mode) || !S_ISDIR(info.st_mode))) return "is a symlink or not a directory";
    if (final && info.st_uid != geteuid()) return "belongs to another user (uid " + std::to_string(info.st_uid) + ")";
    if (!final && info.st_uid != 0 && info.st_uid != geteuid())
        return "lies in " + dir + ", which belongs to another user (uid " + std::to_string(info.st_uid) + ")";
    // Sticky or not, a directory others can write to is not ours alone; above the state
    // directory a sticky one (/tmp) still keeps others from renaming what is ours.
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) && (final || !(info.st_mode & S_ISVTX)))
        return final ? "others can write to it (mode " + octal(info.st_mode) + ")"
                     : "lies in " + dir + ", which others can write to (mode " + octal(info.st_mode) + ")";
    return "";
}

// Creates the directory (and parents) as 0700; it and every directory above it must be safe
// from other users.
void ensure_directory(const std::string& dir) {
    for (std::size_t slash = 1; slash != std::string::npos;) {
        slash = dir.find('/', slash + 1);
        std::string part = dir.substr(0, slash);
        if (mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) fail("create", part);
    }
    for (std::size_t slash = 0; slash != std::string::npos;) {
        slash = dir.find('/', slash + 1);
        std::string part = slash == std::string::npos ? dir : dir.substr(0, slash == 0 ? 1 : slash);
        bool final = slash == std::string::npos;
        struct stat info{};
        // Above the state directory symlinks are followed (/var/run -> /run); the state
        // directory itself must be a directory.
        if ((final ? lstat(part.c_str(), &info) : stat(part.c_str(), &info)) != 0) fail("read", part);
        if (auto why = untrusted(part, info, final); !why.empty())
            throw UsageError("state directory " + dir + " " + why + ", refusing to use it (chmod 700 it, or set "
                             "$VIRTCHECK_STATE_DIR)");
    }
}

// Usable as it is: a directory of `uid` no one else can write to.
bool usable_directory(const std::string& dir, unsigned uid) {
    struct stat info{};
    return lstat(dir.c_str(), &info) == 0 && S_ISDIR(info.st_mode) && info.st_uid == uid &&
           !(info.st_mode & (S_IWGRP | S_IWOTH));
}

std::string absolute(const std::string& dir) {
    if (dir.starts_with("/")) return dir;
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) fail("resolve", dir);
    return std::string(cwd) + "/" + dir;
}

std::uint64_t checksum(std::string_view text) {
    // FNV-1a, 64 bit: stable across builds; it catches torn and changed files, not forgers
    // (the file is the user's own, in a directory only the user can write to).
    std::uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
    return hash;
}

// FNV-1a, 64 bit, in hex: stable across builds (std::hash is not), enough to tell targets apart.
std::string hex_hash(std::string_view text) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(checksum(text)));
    return buffer;
}

}  // namespace

StateEnvironment StateEnvironment::current() {
    StateEnvironment env;
    env.explicit_directory = variable("VIRTCHECK_STATE_DIR");
    env.systemd_state_directory = variable("STATE_DIRECTORY");
    env.xdg_state_home = variable("XDG_STATE_HOME");
    env.home = variable("HOME");
    env.uid = geteuid();
    return env;
}

std::string state_directory(const StateEnvironment& env) {
    if (env.explicit_directory) return *env.explicit_directory;
    // systemd's StateDirectory= (one or more, ':'-separated): the first.
    if (env.systemd_state_directory) return env.systemd_state_directory->substr(0, env.systemd_state_directory->find(':'));
    if (env.xdg_state_home) return *env.xdg_state_home + "/virtcheck";
    if (env.uid == 0) return env.system_directory;
    // Other users have a directory there only when the administrator made one for them.
    const std::string per_user = env.system_directory + "/" + std::to_string(env.uid);
    if (usable_directory(per_user, env.uid)) return per_user;
    if (env.home) return *env.home + "/.local/state/virtcheck";
    // Never a predictable path under /tmp: another local user could create it first.
    throw UsageError("no usable state directory: set $VIRTCHECK_STATE_DIR (or $STATE_DIRECTORY, $XDG_STATE_HOME, "
                     "$HOME), create " + per_user + " (owner uid " + std::to_string(env.uid) + ", mode 0700), or use "
                     "--interval");
}

std::string state_directory() { return absolute(state_directory(StateEnvironment::current())); }

std::string format_sample(const Sample& sample) {
    std::string text = std::string(header) + "\ntime\t" + format_number(sample.time) + "\n";
    for (const auto& [key, value] : sample.counters) {
        std::string safe_key = key;
        for (char& c : safe_key)
            if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        text += safe_key + "\t" + format_number(value) + "\n";
    }
    return text + "end " + std::to_string(sample.counters.size()) + " " + hex_hash(text) + "\n";
}

std::optional<Sample> parse_sample(const std::string& text, std::string* why) {
    auto refuse = [&](const std::string& reason) -> std::optional<Sample> {
        if (why) *why = reason;
        return std::nullopt;
    };
    std::string_view all(text);
    if (all.starts_with(std::string(old_header) + "\n")) return refuse("written by an older virtcheck, without a checksum");
    if (!all.starts_with(std::string(header) + "\n")) return refuse("not a virtcheck state file");
    // The last line, complete, is "end COUNT CHECKSUM" over everything before it.
    if (!all.ends_with("\n")) return refuse("incomplete: the write was cut short");
    auto end_line = all.rfind('\n', all.size() - 2);
    std::string_view body = all.substr(0, end_line + 1), trailer = all.substr(end_line + 1);
    if (!trailer.starts_with("end ")) return refuse("incomplete: the write was cut short");
    std::istringstream in(std::string(body.substr(header.size() + 1)));
    Sample sample;
    bool has_time = false;
    std::size_t records = 0;
    for (std::string line; std::getline(in, line);) {
        auto tab = line.rfind('\t');
        if (tab == std::string::npos) return refuse("a record is not KEY<TAB>VALUE");
        auto number = read_number_prefix(std::string_view(line).substr(tab + 1));
        if (!number || tab + 1 + number->length != line.size()) return refuse("a record is not KEY<TAB>VALUE");
        std::string key = line.substr(0, tab);
        if (key == "time") {
            sample.time = number->value;
            has_time = true;
        } else {
            sample.counters[key] = number->value;
            ++records;
        }
    }
    if (trailer != "end " + std::to_string(records) + " " + hex_hash(body) + "\n")
        return refuse("its checksum does not match: changed, or written in part");
    if (!has_time) return refuse("it has no time");
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
        lock_fd_ = open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
        if (lock_fd_ < 0) fail("open", lock_path);
        // Another user's lock file could be held for ever, timing every run out.
        struct stat lock_info{};
        if (fstat(lock_fd_, &lock_info) != 0 || !S_ISREG(lock_info.st_mode) || lock_info.st_uid != geteuid())
            throw UsageError("state lock file " + lock_path + " belongs to another user or is not a file, refusing "
                             "to use it");
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
    std::string why = "not a regular file";
    auto sample = S_ISREG(info.st_mode) ? parse_sample(text, &why) : std::nullopt;
    if (!sample) problem_ = "state file " + path_ + " was unreadable and has been replaced (" + why + ")";
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
