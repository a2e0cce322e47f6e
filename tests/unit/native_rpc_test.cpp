// The native RPC client over a scripted byte stream: serial matching, keepalive, messages
// nobody asked for, broken streams and the daemon's errors.
#include <gtest/gtest.h>
#include <libvirt/virterror.h>

#include <deque>

#include "collect/libvirt/native/frame.hpp"
#include "collect/libvirt/native/libvirt_error.hpp"
#include "collect/libvirt/native/rpc_client.hpp"

namespace virtcheck::libvirt::native {
namespace {

// Hands out the scripted server bytes `chunk` at a time; the end of the script is EOF.
class ScriptedTransport final : public Transport {
public:
    ScriptedTransport(Bytes script, std::vector<Bytes>& sent, std::size_t chunk = 1 << 20)
        : script_(std::move(script)), sent_(sent), chunk_(chunk) {}
    void send(const std::uint8_t* data, std::size_t size) override { sent_.emplace_back(data, data + size); }
    std::size_t receive(std::uint8_t* data, std::size_t size) override {
        if (at_ == script_.size()) throw system_error(EIO, "End of file while reading data");
        std::size_t n = std::min({size, chunk_, script_.size() - at_});
        std::copy(script_.begin() + at_, script_.begin() + at_ + n, data);
        at_ += n;
        return n;
    }

private:
    Bytes script_;
    std::vector<Bytes>& sent_;
    std::size_t chunk_;
    std::size_t at_ = 0;
};

Bytes message(std::uint32_t program, std::int32_t procedure, MessageType type, std::uint32_t serial,
              MessageStatus status, const Bytes& payload = {}) {
    MessageHeader h;
    h.program = program;
    h.procedure = procedure;
    h.type = type;
    h.serial = serial;
    h.status = status;
    return encode_message(h, payload);
}

Bytes reply(Procedure procedure, std::uint32_t serial, const Bytes& payload = {}) {
    return message(remote_program, static_cast<std::int32_t>(procedure), MessageType::Reply, serial, MessageStatus::Ok,
                   payload);
}

Bytes joined(std::initializer_list<Bytes> parts) {
    Bytes all;
    for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
    return all;
}

Bytes u64_payload(std::uint64_t value) {
    XdrWriter out;
    out.u64(value);
    return out.take();
}

TEST(RpcClient, ReplyIsMatchedBySerialEvenByteByByte) {
    std::vector<Bytes> sent;
    RpcClient client(std::make_unique<ScriptedTransport>(
        joined({reply(Procedure::ConnectGetVersion, 0, u64_payload(7002022)),
                reply(Procedure::ConnectGetLibVersion, 1, u64_payload(9000000))}),
        sent, 1));
    EXPECT_EQ(client.call(Procedure::ConnectGetVersion, {}), u64_payload(7002022));
    EXPECT_EQ(client.call(Procedure::ConnectGetLibVersion, {}), u64_payload(9000000));
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(decode_header(Bytes(sent[1].begin() + 4, sent[1].end())).serial, 1u);
}

TEST(RpcClient, KeepalivePingIsAnsweredWithPong) {
    std::vector<Bytes> sent;
    Bytes ping = message(keepalive_program, keepalive_ping, MessageType::Message, 0, MessageStatus::Ok);
    RpcClient client(std::make_unique<ScriptedTransport>(joined({ping, reply(Procedure::ConnectGetVersion, 0)}), sent));
    client.call(Procedure::ConnectGetVersion, {});
    ASSERT_EQ(sent.size(), 2u);
    MessageHeader pong = decode_header(Bytes(sent[1].begin() + 4, sent[1].end()));
    EXPECT_EQ(pong.program, keepalive_program);
    EXPECT_EQ(pong.procedure, keepalive_pong);
    EXPECT_EQ(pong.type, MessageType::Message);
    EXPECT_EQ(pong.serial, 0u);
    EXPECT_EQ(sent[1].size(), 28u);
}

TEST(RpcClient, EventsPongsAndStreamPacketsAreSkipped) {
    std::vector<Bytes> sent;
    XdrWriter event;
    event.string("lifecycle");
    RpcClient client(std::make_unique<ScriptedTransport>(
        joined({message(remote_program, 318, MessageType::Message, 0, MessageStatus::Ok, event.bytes()),
                message(keepalive_program, keepalive_pong, MessageType::Message, 0, MessageStatus::Ok),
                message(remote_program, 209, MessageType::Stream, 4, MessageStatus::Continue, Bytes(100, 'x')),
                message(0x20008087, 1, MessageType::Message, 0, MessageStatus::Ok),
                reply(Procedure::ConnectGetVersion, 0, u64_payload(1))}),
        sent));
    EXPECT_EQ(client.call(Procedure::ConnectGetVersion, {}), u64_payload(1));
    EXPECT_EQ(sent.size(), 1u) << "nothing is answered but pings";
}

void expect_rpc_error(RpcClient& client, Procedure procedure, const std::string& text) {
    try {
        client.call(procedure, {});
        ADD_FAILURE() << "no error, expected: " << text;
    } catch (const LibvirtError& e) {
        EXPECT_EQ(e.what(), text);
    }
}

TEST(RpcClient, ReplyToAnotherSerialEndsTheConnection) {
    std::vector<Bytes> sent;
    RpcClient client(std::make_unique<ScriptedTransport>(
        joined({reply(Procedure::ConnectGetVersion, 7), reply(Procedure::ConnectGetVersion, 1)}), sent));
    expect_rpc_error(client, Procedure::ConnectGetVersion,
                     "no call waiting for reply with prog 536903814 vers 1 serial 7");
    expect_rpc_error(client, Procedure::ConnectGetVersion, "client socket is closed");
}

TEST(RpcClient, ReplyForAnotherProcedureIsRefused) {
    std::vector<Bytes> sent;
    RpcClient client(std::make_unique<ScriptedTransport>(reply(Procedure::ConnectGetType, 0), sent));
    expect_rpc_error(client, Procedure::ConnectGetVersion, "Unexpected message proc 3 != 4");
}

TEST(RpcClient, CallsFromTheServerAreRefused) {
    std::vector<Bytes> sent;
    RpcClient client(std::make_unique<ScriptedTransport>(
        message(remote_program, 3, MessageType::Call, 0, MessageStatus::Ok), sent));
    expect_rpc_error(client, Procedure::ConnectGetVersion, "got unexpected RPC call prog 536903814 vers 1 proc 3 type 0");
}

TEST(RpcClient, OversizedOrTruncatedMessagesEndTheConnection) {
    std::vector<Bytes> sent;
    RpcClient huge(std::make_unique<ScriptedTransport>(Bytes{0x02, 0x00, 0x00, 0x05}, sent));
    expect_rpc_error(huge, Procedure::ConnectGetVersion, "packet received from server too large");
    Bytes cut = reply(Procedure::ConnectGetVersion, 0, u64_payload(1));
    cut.resize(cut.size() - 3);
    RpcClient truncated(std::make_unique<ScriptedTransport>(cut, sent));
    expect_rpc_error(truncated, Procedure::ConnectGetVersion, "End of file while reading data: Input/output error");
    expect_rpc_error(truncated, Procedure::ConnectGetVersion, "client socket is closed");
}

TEST(RpcClient, DaemonErrorIsRaisedAndTheConnectionStaysUsable) {
    XdrWriter error;
    error.i32(VIR_ERR_NO_DOMAIN);
    error.i32(VIR_FROM_QEMU);
    error.optional_string(std::string("Domain not found"));
    error.i32(VIR_ERR_ERROR);
    for (int i = 0; i < 4; ++i) error.u32(0);
    error.i32(0), error.i32(0), error.u32(0);
    std::vector<Bytes> sent;
    RpcClient client(std::make_unique<ScriptedTransport>(
        joined({message(remote_program, 24, MessageType::Reply, 0, MessageStatus::Error, error.bytes()),
                reply(Procedure::ConnectGetVersion, 1, u64_payload(5))}),
        sent));
    try {
        client.call(Procedure::DomainLookupByUuid, {});
        ADD_FAILURE() << "the daemon's error was lost";
    } catch (const LibvirtError& e) {
        EXPECT_EQ(e.code, VIR_ERR_NO_DOMAIN);
        EXPECT_EQ(e.domain, VIR_FROM_QEMU);
        EXPECT_STREQ(e.what(), "Domain not found");
    }
    EXPECT_EQ(client.call(Procedure::ConnectGetVersion, {}), u64_payload(5));
}

TEST(RpcClient, StatusOtherThanOkOrErrorIsRefused) {
    std::vector<Bytes> sent;
    RpcClient client(std::make_unique<ScriptedTransport>(
        message(remote_program, 4, MessageType::Reply, 0, MessageStatus::Continue), sent));
    expect_rpc_error(client, Procedure::ConnectGetVersion, "Unexpected message status 2");
}

}  // namespace
}  // namespace virtcheck::libvirt::native
