#include "collect/libvirt/native/frame.hpp"

#include "collect/libvirt/native/libvirt_error.hpp"

namespace virtcheck::libvirt::native {

Bytes encode_message(const MessageHeader& header, const Bytes& payload) {
    XdrWriter out;
    out.u32(static_cast<std::uint32_t>(length_word_size + header_size + payload.size()));
    out.u32(header.program);
    out.u32(header.version);
    out.i32(header.procedure);
    out.u32(static_cast<std::uint32_t>(header.type));
    out.u32(header.serial);
    out.u32(static_cast<std::uint32_t>(header.status));
    Bytes message = out.take();
    message.insert(message.end(), payload.begin(), payload.end());
    return message;
}

std::uint32_t decode_length(const std::uint8_t (&word)[length_word_size]) {
    XdrReader in(word, length_word_size);
    std::uint32_t length = in.u32();
    // libvirt refuses less than the length word; less than a header cannot be decoded either.
    if (length < length_word_size + header_size) throw rpc_error("packet received from server too small");
    if (length - length_word_size > message_max) throw rpc_error("packet received from server too large");
    return length - length_word_size;
}

MessageHeader decode_header(const Bytes& body) {
    if (body.size() < header_size) throw rpc_error("Unable to decode message header");
    XdrReader in(body.data(), header_size);
    MessageHeader header;
    header.program = in.u32();
    header.version = in.u32();
    header.procedure = in.i32();
    header.type = static_cast<MessageType>(in.u32());
    header.serial = in.u32();
    header.status = static_cast<MessageStatus>(in.u32());
    return header;
}

}  // namespace virtcheck::libvirt::native
