#pragma once
// One RPC message on the wire: a length word (counting itself), the 24-byte header, the
// payload. Lengths are checked against libvirt's own limits before anything is read or
// allocated; errors are worded as libvirt's virNetMessage words them.
#include <cstdint>

#include "collect/libvirt/native/protocol.hpp"
#include "collect/libvirt/native/xdr.hpp"

namespace virtcheck::libvirt::native {

// Length word + header + payload.
Bytes encode_message(const MessageHeader& header, const Bytes& payload);

// The length word of an incoming message -> the size of header + payload to read next.
// Throws LibvirtError for a message too small to hold a header or larger than message_max.
std::uint32_t decode_length(const std::uint8_t (&word)[length_word_size]);

// The header at the start of `body` (header + payload). Throws LibvirtError when short.
MessageHeader decode_header(const Bytes& body);

}  // namespace virtcheck::libvirt::native
