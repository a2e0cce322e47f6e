#include "silent_socket.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace virtcheck::testing {

SilentSocket::SilentSocket(bool listening) {
    static std::atomic<int> made{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("virtcheck-sock-" + std::to_string(getpid()) + "-" + std::to_string(made++));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "libvirt-sock").string();
    fd_ = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path_.c_str());
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    if (listening) {
        EXPECT_EQ(listen(fd_, 8), 0);
    } else {
        close(fd_);
        fd_ = -1;
    }
}

SilentSocket::~SilentSocket() {
    if (fd_ >= 0) close(fd_);
    std::filesystem::remove_all(dir_);
}

}  // namespace virtcheck::testing
