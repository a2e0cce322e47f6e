#pragma once
// Calls of libvirt's remote program over a Transport, one at a time: each call gets the
// next serial, and only the reply with that serial answers it. Keepalive pings from the
// daemon are answered; events and stream packets nobody asked for are skipped, as
// libvirt's client skips them. Any broken message ends the connection for good.
#include <memory>

#include "collect/libvirt/native/protocol.hpp"
#include "collect/libvirt/native/transport.hpp"
#include "collect/libvirt/native/xdr.hpp"

namespace virtcheck::libvirt::native {

class RpcClient {
public:
    explicit RpcClient(std::unique_ptr<Transport> transport) : transport_(std::move(transport)) {}

    // The reply's payload (the procedure's _ret). Throws LibvirtError: the daemon's error as
    // it sent it, or a transport or protocol failure worded as libvirt's client words it.
    Bytes call(Procedure procedure, const Bytes& arguments);

private:
    Bytes read_message(MessageHeader& header);
    void read_exactly(std::uint8_t* to, std::size_t size);
    void send(const MessageHeader& header, const Bytes& payload);
    // True when the message was no reply and has been dealt with (keepalive, event).
    bool handled_aside(const MessageHeader& header);

    std::unique_ptr<Transport> transport_;
    std::uint32_t next_serial_ = 0;  // libvirt's client numbers from 0 too
    bool closed_ = false;
    // Received bytes, [inbox_at_, inbox_end_) not yet consumed. Left uninitialised: zeroing
    // 64 KiB for a few hundred bytes of replies would be most of a short run's work.
    std::unique_ptr<std::uint8_t[]> inbox_;
    std::size_t inbox_at_ = 0, inbox_end_ = 0;
};

}  // namespace virtcheck::libvirt::native
