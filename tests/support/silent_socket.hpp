#pragma once
// A unix socket in a private directory that never answers: listening (the kernel completes
// connections, nobody reads) or not (the file stays, connecting is refused).
#include <filesystem>
#include <string>

namespace virtcheck::testing {

class SilentSocket {
public:
    explicit SilentSocket(bool listening);
    ~SilentSocket();
    SilentSocket(const SilentSocket&) = delete;
    SilentSocket& operator=(const SilentSocket&) = delete;

    std::string uri() const { return "qemu+unix:///system?socket=" + path_; }

private:
    std::filesystem::path dir_;
    std::string path_;
    int fd_ = -1;
};

}  // namespace virtcheck::testing
