#include "collect/libvirt/native/stream_transport.hpp"

#include <errno.h>
#include <fcntl.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "collect/libvirt/native/libvirt_error.hpp"

namespace virtcheck::libvirt::native {
namespace {

constexpr std::size_t child_errors_max = 1024;  // libvirt reads at most this much of stderr

void close_quietly(int fd) {
    if (fd >= 0) ::close(fd);
}

void sleep_ms(long ms) {
    timespec pause{0, ms * 1000000};
    nanosleep(&pause, nullptr);
}

// The first executable called `name` in PATH (libvirt's virFindFileInPath); empty if none.
std::string find_in_path(const std::string& name) {
    if (name.find('/') != std::string::npos) return name;
    const char* path = std::getenv("PATH");
    std::string dirs = path && *path ? path : "/bin:/usr/bin";
    for (std::size_t start = 0; start <= dirs.size();) {
        std::size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        std::string candidate = (end > start ? dirs.substr(start, end - start) : ".") + "/" + name;
        struct stat info{};
        if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        start = end + 1;
    }
    return "";
}

}  // namespace

StreamTransport::~StreamTransport() {
    close_quietly(fd_);
    close_quietly(error_fd_);
    if (child_ <= 0) return;
    // As libvirt's virProcessAbort: a command still running gets SIGTERM, then SIGKILL.
    if (::waitpid(child_, nullptr, WNOHANG) != 0) return;
    ::kill(child_, SIGTERM);
    for (int i = 0; i < 20; ++i) {
        if (::waitpid(child_, nullptr, WNOHANG) != 0) return;
        sleep_ms(10);
    }
    ::kill(child_, SIGKILL);
    ::waitpid(child_, nullptr, 0);
}

void StreamTransport::send(const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        // MSG_NOSIGNAL: a vanished daemon is an error to report, not a SIGPIPE to die of.
        ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw system_error(errno, "Cannot write data");
        if (n == 0) throw system_error(EIO, "End of file while writing data");
        data += n, size -= static_cast<std::size_t>(n);
    }
}

std::size_t StreamTransport::receive(std::uint8_t* data, std::size_t size) {
    ssize_t n;
    do {
        n = ::read(fd_, data, size);
    } while (n < 0 && errno == EINTR);
    if (n > 0) return static_cast<std::size_t>(n);
    int error_number = n < 0 ? errno : EIO;
    std::string errors = child_errors();
    std::string what = n < 0 ? "Cannot recv data" : "End of file while reading data";
    throw system_error(error_number, errors.empty() ? what : what + ": " + errors);
}

std::string StreamTransport::child_errors() {
    if (error_fd_ < 0) return "";
    // libvirt reads the command's stderr to its end; more than the limit is dropped entirely.
    std::string errors;
    char buffer[512];
    for (;;) {
        ssize_t n = ::read(error_fd_, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        errors.append(buffer, static_cast<std::size_t>(n));
        if (errors.size() > child_errors_max) return "";
    }
    while (!errors.empty() && std::strchr(" \t\n\r\f\v", errors.back())) errors.pop_back();
    return errors;
}

std::unique_ptr<Transport> connect_unix(const std::string& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw system_error(errno, "Failed to create socket");
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) {
        ::close(fd);
        throw system_error(ENOMEM, "Path " + path + " too long for unix socket");
    }
    std::memcpy(address.sun_path, path.data(), path.size());
    if (address.sun_path[0] == '@') address.sun_path[0] = '\0';
    // The whole structure, as libvirt passes it: for abstract names the padding counts.
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        int error_number = errno;
        ::close(fd);
        throw system_error(error_number, "Failed to connect socket to '" + path + "'");
    }
    return std::make_unique<StreamTransport>(fd);
}

std::unique_ptr<Transport> spawn_command(const std::vector<std::string>& argv,
                                         const std::vector<std::string>& passed_environment) {
    std::string binary = find_in_path(argv.at(0));
    if (binary.empty())
        throw LibvirtError(VIR_ERR_SYSTEM_ERROR, VIR_FROM_NONE,
                           "Cannot find '" + argv[0] + "' in path: " + std::strerror(ENOENT));
    // libvirt runs commands with LC_ALL=C and only the variables it passes on.
    std::vector<std::string> environment = {"LC_ALL=C"};
    for (const auto& name : passed_environment)
        if (const char* value = std::getenv(name.c_str())) environment.push_back(name + "=" + value);
    std::vector<char*> args, envp;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    for (const auto& entry : environment) envp.push_back(const_cast<char*>(entry.c_str()));
    args.push_back(nullptr), envp.push_back(nullptr);

    int pair[2], errors[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
        throw system_error(errno, "unable to create socket pair");
    if (::pipe2(errors, O_CLOEXEC) != 0) {
        int error_number = errno;
        ::close(pair[0]), ::close(pair[1]);
        throw system_error(error_number, "Unable to create pipe");
    }
    pid_t child = ::fork();
    if (child == 0) {
        // Only async-signal-safe calls from here on.
        ::dup2(pair[1], STDIN_FILENO);
        ::dup2(pair[1], STDOUT_FILENO);
        ::dup2(errors[1], STDERR_FILENO);
        ::close_range(3, ~0U, 0);
        ::execve(binary.c_str(), args.data(), envp.data());
        _exit(127);
    }
    int error_number = errno;
    ::close(pair[1]), ::close(errors[1]);
    if (child < 0) {
        ::close(pair[0]), ::close(errors[0]);
        throw system_error(error_number, "cannot fork child process");
    }
    return std::make_unique<StreamTransport>(pair[0], errors[0], child);
}

}  // namespace virtcheck::libvirt::native
