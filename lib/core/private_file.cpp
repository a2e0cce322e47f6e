#include "core/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/errors.hpp"

namespace virtcheck {
namespace {

class OpenFile {
public:
    explicit OpenFile(int fd) : fd_(fd) {}
    OpenFile(OpenFile&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    OpenFile& operator=(OpenFile&&) = delete;
    ~OpenFile() {
        if (fd_ >= 0) ::close(fd_);
    }
    int fd() const { return fd_; }

private:
    int fd_;
};

[[noreturn]] void refuse(const std::string& path, std::string_view option, const std::string& why) {
    throw UsageError(std::string(option) + " " + path + " " + why);
}

// Opens and checks; the caller reads from the descriptor that was checked, so the file
// cannot be swapped in between.
OpenFile open_checked(const std::string& path, std::string_view option) {
    // O_NONBLOCK: a FIFO in its place must not hang the check before the type is known.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) refuse(path, option, std::string("cannot be read: ") + std::strerror(errno));
    OpenFile file(fd);
    struct stat info{};
    if (::fstat(fd, &info) != 0) refuse(path, option, std::string("cannot be read: ") + std::strerror(errno));
    if (!S_ISREG(info.st_mode)) refuse(path, option, "is not a regular file");
    if (info.st_uid != ::geteuid())
        refuse(path, option,
               "belongs to another user (uid " + std::to_string(info.st_uid) + "): it must be the check's own (uid " +
                   std::to_string(::geteuid()) + ")");
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        refuse(path, option, std::string(info.st_mode & (S_IRGRP | S_IROTH) ? "can be read" : "can be changed") +
                                 " by other users: chmod 600 it");
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return file;
}

}  // namespace

void check_private_file(const std::string& path, std::string_view option) {
    open_checked(path, option);
}

std::string read_private_file(const std::string& path, std::string_view option, std::size_t max_bytes) {
    OpenFile checked = open_checked(path, option);
    std::string text;
    char buffer[8192];
    while (text.size() < max_bytes) {
        ssize_t n = ::read(checked.fd(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) refuse(path, option, std::string("cannot be read: ") + std::strerror(errno));
        if (n == 0) return text;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    refuse(path, option, "is larger than " + std::to_string(max_bytes) + " bytes: not a credentials file");
}

}  // namespace virtcheck
