#include "collect/libvirt/native/rpc_client.hpp"

#include <libvirt/virterror.h>

#include <algorithm>
#include <cstring>

#include "collect/libvirt/native/frame.hpp"
#include "collect/libvirt/native/libvirt_error.hpp"
#include "collect/libvirt/native/remote_error.hpp"

namespace virtcheck::libvirt::native {
namespace {

constexpr std::size_t read_chunk = 65536;
constexpr std::size_t body_growth = 1 << 20;

std::string describe(const MessageHeader& header) {
    return "prog " + std::to_string(header.program) + " vers " + std::to_string(header.version) + " proc " +
           std::to_string(header.procedure) + " type " + std::to_string(static_cast<std::uint32_t>(header.type));
}

}  // namespace

Bytes RpcClient::call(Procedure procedure, const Bytes& arguments) {
    if (closed_) throw LibvirtError(VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC, "client socket is closed");
    MessageHeader request;
    request.procedure = static_cast<std::int32_t>(procedure);
    request.serial = next_serial_++;
    MessageHeader header;
    Bytes body;
    try {
        send(request, arguments);
        do {
            body = read_message(header);
        } while (handled_aside(header));
        if (header.serial != request.serial)
            throw rpc_error("no call waiting for reply with prog " + std::to_string(header.program) + " vers " +
                            std::to_string(header.version) + " serial " + std::to_string(header.serial));
        if (header.type != MessageType::Reply)
            throw rpc_error("Unexpected message type " + std::to_string(static_cast<std::uint32_t>(header.type)));
        if (header.program != remote_program || header.version != remote_version)
            throw rpc_error("Unexpected message prog " + std::to_string(header.program) + " vers " +
                            std::to_string(header.version));
        if (header.procedure != request.procedure)
            throw rpc_error("Unexpected message proc " + std::to_string(header.procedure) +
                            " != " + std::to_string(request.procedure));
        if (header.status != MessageStatus::Ok && header.status != MessageStatus::Error)
            throw rpc_error("Unexpected message status " + std::to_string(static_cast<std::uint32_t>(header.status)));
    } catch (const LibvirtError&) {
        closed_ = true;  // the stream is out of step or gone: nothing more can be read from it
        throw;
    }
    Bytes payload(body.begin() + header_size, body.end());
    if (header.status == MessageStatus::Error) throw decode_remote_error(payload);
    return payload;
}

void RpcClient::send(const MessageHeader& header, const Bytes& payload) {
    Bytes message = encode_message(header, payload);
    transport_->send(message.data(), message.size());
}

bool RpcClient::handled_aside(const MessageHeader& header) {
    switch (header.type) {
        case MessageType::Reply:
        case MessageType::ReplyWithFds:
            return false;
        case MessageType::Message:
            if (header.program == keepalive_program && header.version == keepalive_version &&
                header.procedure == keepalive_ping) {
                MessageHeader pong;
                pong.program = keepalive_program;
                pong.version = keepalive_version;
                pong.procedure = keepalive_pong;
                pong.type = MessageType::Message;
                send(pong, {});
            }
            return true;  // pongs and events: nobody here registered for them
        case MessageType::Stream:
        case MessageType::StreamHole:
            return true;  // no stream is open; libvirt drops such packets too
        default:
            throw rpc_error("got unexpected RPC call " + describe(header));
    }
}

Bytes RpcClient::read_message(MessageHeader& header) {
    std::uint8_t word[length_word_size];
    read_exactly(word, sizeof word);
    std::uint32_t length = decode_length(word);
    Bytes body;
    // Grown as the bytes arrive, so that a length word alone never costs 32 MiB.
    while (body.size() < length) {
        std::size_t at = body.size();
        body.resize(at + std::min<std::size_t>(length - at, body_growth));
        read_exactly(body.data() + at, body.size() - at);
    }
    header = decode_header(body);
    return body;
}

void RpcClient::read_exactly(std::uint8_t* to, std::size_t size) {
    while (size > 0) {
        if (inbox_at_ < inbox_end_) {
            std::size_t n = std::min(size, inbox_end_ - inbox_at_);
            std::memcpy(to, inbox_.get() + inbox_at_, n);
            inbox_at_ += n, to += n, size -= n;
        } else if (size >= read_chunk) {
            std::size_t n = transport_->receive(to, size);
            to += n, size -= n;
        } else {
            if (!inbox_) inbox_.reset(new std::uint8_t[read_chunk]);  // once: refills reuse it
            inbox_at_ = inbox_end_ = 0;
            inbox_end_ = transport_->receive(inbox_.get(), read_chunk);
        }
    }
}

}  // namespace virtcheck::libvirt::native
