#pragma once
// The two ways to reach a daemon: its unix socket, or a command (ssh) whose stdin and stdout
// are one end of a socket pair, as libvirt's virNetSocket does it. Failures carry libvirt's
// words ("Failed to connect socket to '...'", "End of file while reading data: <ssh's
// stderr>"), so that they are classified the same.
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "collect/libvirt/native/transport.hpp"

namespace virtcheck::libvirt::native {

class StreamTransport final : public Transport {
public:
    // Owns `fd`; for a command also its stderr pipe and process, which ends with the transport.
    explicit StreamTransport(int fd, int error_fd = -1, pid_t child = -1) : fd_(fd), error_fd_(error_fd), child_(child) {}
    ~StreamTransport() override;
    StreamTransport(const StreamTransport&) = delete;
    StreamTransport& operator=(const StreamTransport&) = delete;

    void send(const std::uint8_t* data, std::size_t size) override;
    std::size_t receive(std::uint8_t* data, std::size_t size) override;

private:
    std::string child_errors();  // what the command wrote on stderr, as libvirt adds it to errors

    int fd_;
    int error_fd_;
    pid_t child_;
};

// Connects to a unix socket ('@' first: the abstract namespace). Throws LibvirtError.
std::unique_ptr<Transport> connect_unix(const std::string& path);

// Starts argv[0] (searched in PATH) with only libvirt's pass-through environment, its stdin
// and stdout on a socket pair and its stderr on a pipe. Throws LibvirtError.
std::unique_ptr<Transport> spawn_command(const std::vector<std::string>& argv,
                                         const std::vector<std::string>& passed_environment);

}  // namespace virtcheck::libvirt::native
