#pragma once
// A stand-in libvirtd for tests: it answers each call with the reply the real libvirtd gave
// to the same call in recorded conversations (tests/fixtures/libvirt-rpc/*.rpc), with the
// serial of the new call. A call matches a recorded one of the same procedure and the same
// arguments; failing that, the next recorded one of the same procedure. A call nobody
// recorded is answered with an error. A hook may change what is sent (hostile daemons).
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "collect/libvirt/native/protocol.hpp"
#include "collect/libvirt/native/xdr.hpp"

namespace virtcheck::testing {

using libvirt::native::Bytes;

// The messages of a recorded conversation, each with its length word.
std::vector<Bytes> read_conversation(const std::string& path);

// The header of a whole message (length word included).
libvirt::native::MessageHeader header_of(const Bytes& message);
// The payload of a whole message.
Bytes payload_of(const Bytes& message);
// A copy of `message` with another serial.
Bytes with_serial(Bytes message, std::uint32_t serial);
// A reply to `call` carrying a remote_error.
Bytes error_reply(const Bytes& call, int code, int domain, const std::string& message);

class ReplayDaemon {
public:
    // Sent for each call: by default just the recorded reply (already given the call's serial).
    using Hook = std::function<std::vector<Bytes>(const Bytes& call, const Bytes& reply)>;

    explicit ReplayDaemon(const std::vector<std::string>& conversations, Hook hook = {});
    ~ReplayDaemon();
    ReplayDaemon(const ReplayDaemon&) = delete;
    ReplayDaemon& operator=(const ReplayDaemon&) = delete;

    const std::string& socket_path() const { return path_; }
    std::string uri() const { return "qemu+unix:///system?socket=" + path_; }
    // Every call received so far, as sent (length word included).
    std::vector<Bytes> calls() const;
    // The recorded call that answered each received call, in the same order (empty: none).
    std::vector<Bytes> matched_calls() const;

private:
    void serve();
    void converse(int fd);
    Bytes answer(const Bytes& call);

    struct Exchange {
        Bytes call, reply;
        bool used = false;
    };
    std::vector<Exchange> recorded_;
    Hook hook_;
    std::string dir_, path_;
    int listener_ = -1;
    std::atomic<int> client_{-1};
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::vector<Bytes> calls_, matched_;
    std::thread thread_;
};

}  // namespace virtcheck::testing
