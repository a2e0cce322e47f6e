// rpc_capture LISTEN_SOCKET DAEMON_SOCKET OUTPUT: records one libvirt RPC conversation.
// Listens on LISTEN_SOCKET, accepts one client, connects it to the daemon's DAEMON_SOCKET
// and relays both ways; every whole message (length word included) is appended to OUTPUT
// in the order it passed, calls and replies interleaved. The messages delimit themselves,
// so OUTPUT is simply their concatenation. Prints "ready" once it listens; ends when
// either side closes. Used to capture tests/fixtures/libvirt-rpc/ (see its README).
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

int unix_socket(const char* path, bool listening) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path);
    if (listening) {
        unlink(path);
        if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd, 1) != 0) return -1;
    } else if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        return -1;
    }
    return fd;
}

bool write_all(int fd, const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n <= 0) return false;
        data += n, size -= static_cast<std::size_t>(n);
    }
    return true;
}

// One direction: bytes read from `from`, whole messages recorded and passed to `to`.
struct Direction {
    int from, to;
    std::vector<std::uint8_t> pending;

    bool pump(FILE* record) {
        std::uint8_t buffer[65536];
        ssize_t n = read(from, buffer, sizeof buffer);
        if (n <= 0) return false;
        pending.insert(pending.end(), buffer, buffer + n);
        while (pending.size() >= 4) {
            std::uint32_t length = std::uint32_t(pending[0]) << 24 | std::uint32_t(pending[1]) << 16 |
                                   std::uint32_t(pending[2]) << 8 | pending[3];
            if (length < 4) return false;
            if (pending.size() < length) break;
            std::fwrite(pending.data(), 1, length, record);
            std::fflush(record);
            if (!write_all(to, pending.data(), length)) return false;
            pending.erase(pending.begin(), pending.begin() + length);
        }
        return true;
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s LISTEN_SOCKET DAEMON_SOCKET OUTPUT\n", argv[0]);
        return 2;
    }
    int listener = unix_socket(argv[1], true);
    if (listener < 0) {
        std::perror(argv[1]);
        return 1;
    }
    FILE* record = std::fopen(argv[3], "wb");
    if (!record) {
        std::perror(argv[3]);
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    int client = accept(listener, nullptr, nullptr);
    int daemon = unix_socket(argv[2], false);
    if (client < 0 || daemon < 0) {
        std::perror("connect");
        return 1;
    }
    Direction calls{client, daemon, {}}, replies{daemon, client, {}};
    pollfd fds[2] = {{client, POLLIN, 0}, {daemon, POLLIN, 0}};
    for (;;) {
        if (poll(fds, 2, -1) < 0) break;
        if (fds[0].revents && !calls.pump(record)) break;
        if (fds[1].revents && !replies.pump(record)) break;
    }
    std::fclose(record);
    unlink(argv[1]);
    return 0;
}
