#include "replay_daemon.hpp"

#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "collect/libvirt/native/frame.hpp"

namespace virtcheck::testing {

using namespace libvirt::native;

std::vector<Bytes> read_conversation(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    Bytes all((std::istreambuf_iterator<char>(in)), {});
    std::vector<Bytes> messages;
    for (std::size_t at = 0; at + 4 <= all.size();) {
        XdrReader word(all.data() + at, 4);
        std::uint32_t length = word.u32();
        if (length < 28 || at + length > all.size()) throw std::runtime_error("broken conversation " + path);
        messages.emplace_back(all.begin() + at, all.begin() + at + length);
        at += length;
    }
    return messages;
}

MessageHeader header_of(const Bytes& message) { return decode_header(Bytes(message.begin() + 4, message.end())); }

Bytes payload_of(const Bytes& message) { return Bytes(message.begin() + 28, message.end()); }

Bytes with_serial(Bytes message, std::uint32_t serial) {
    for (int i = 0; i < 4; ++i) message[20 + i] = static_cast<std::uint8_t>(serial >> (24 - 8 * i));
    return message;
}

Bytes error_reply(const Bytes& call, int code, int domain, const std::string& message) {
    MessageHeader header = header_of(call);
    header.type = MessageType::Reply;
    header.status = MessageStatus::Error;
    XdrWriter out;
    out.i32(code);
    out.i32(domain);
    out.optional_string(message);
    out.i32(2);  // VIR_ERR_ERROR
    out.u32(0);  // dom
    for (int i = 0; i < 3; ++i) out.u32(0);  // str1..3
    out.i32(0), out.i32(0);
    out.u32(0);  // net
    return encode_message(header, out.take());
}

ReplayDaemon::ReplayDaemon(const std::vector<std::string>& conversations, Hook hook) : hook_(std::move(hook)) {
    for (const auto& path : conversations) {
        auto messages = read_conversation(path);
        for (const auto& call : messages) {
            MessageHeader h = header_of(call);
            if (h.type != MessageType::Call) continue;
            for (const auto& reply : messages) {
                MessageHeader r = header_of(reply);
                if (r.type == MessageType::Reply && r.serial == h.serial && r.procedure == h.procedure) {
                    recorded_.push_back({call, reply});
                    break;
                }
            }
        }
    }
    char dir[] = "/tmp/virtcheck-replay-XXXXXX";
    if (!mkdtemp(dir)) throw std::runtime_error("mkdtemp failed");
    dir_ = dir;
    path_ = dir_ + "/libvirt-sock";
    listener_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path_.c_str());
    if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener_, 4) != 0)
        throw std::runtime_error("cannot listen on " + path_);
    thread_ = std::thread([this] { serve(); });
}

ReplayDaemon::~ReplayDaemon() {
    stopping_ = true;
    shutdown(listener_, SHUT_RDWR);
    if (int fd = client_.load(); fd >= 0) shutdown(fd, SHUT_RDWR);
    thread_.join();
    close(listener_);
    unlink(path_.c_str());
    rmdir(dir_.c_str());
}

std::vector<Bytes> ReplayDaemon::calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
}

std::vector<Bytes> ReplayDaemon::matched_calls() const {
    std::lock_guard lock(mutex_);
    return matched_;
}

void ReplayDaemon::serve() {
    while (!stopping_) {
        int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) return;
        client_ = fd;
        converse(fd);
        client_ = -1;
        close(fd);
    }
}

namespace {

bool read_exactly(int fd, std::uint8_t* to, std::size_t size) {
    while (size > 0) {
        ssize_t n = read(fd, to, size);
        if (n <= 0) return false;
        to += n, size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool write_all(int fd, const Bytes& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

void ReplayDaemon::converse(int fd) {
    for (;;) {
        Bytes call(4);
        if (!read_exactly(fd, call.data(), 4)) return;
        std::uint32_t length = XdrReader(call).u32();
        if (length < 28 || length > 1 << 24) return;
        call.resize(length);
        if (!read_exactly(fd, call.data() + 4, length - 4)) return;
        if (header_of(call).type != MessageType::Call) continue;  // pongs and the like
        Bytes reply = answer(call);
        std::vector<Bytes> sent = hook_ ? hook_(call, reply) : std::vector<Bytes>{reply};
        for (const auto& message : sent)
            if (!write_all(fd, message)) return;
    }
}

Bytes ReplayDaemon::answer(const Bytes& call) {
    MessageHeader h = header_of(call);
    Bytes arguments = payload_of(call);
    std::lock_guard lock(mutex_);
    calls_.push_back(call);
    Exchange* best = nullptr;
    // Same arguments, not yet used; then same arguments again; then the next of the procedure.
    for (int pass = 0; pass < 3 && !best; ++pass)
        for (auto& exchange : recorded_) {
            MessageHeader r = header_of(exchange.call);
            bool same = payload_of(exchange.call) == arguments;
            if (r.procedure == h.procedure && (pass == 0 ? same && !exchange.used : pass == 1 ? same : !exchange.used)) {
                best = &exchange;
                break;
            }
        }
    if (!best) {
        matched_.emplace_back();
        return error_reply(call, 1, 0, "no recorded reply for procedure " + std::to_string(h.procedure));
    }
    best->used = true;
    matched_.push_back(best->call);
    return with_serial(best->reply, h.serial);
}

}  // namespace virtcheck::testing
