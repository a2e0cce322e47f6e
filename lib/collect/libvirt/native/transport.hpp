#pragma once
// A byte stream to the daemon: a unix socket, or the socket pair to an ssh child.
#include <cstddef>
#include <cstdint>

namespace virtcheck::libvirt::native {

class Transport {
public:
    virtual ~Transport() = default;
    // Sends all of `data`; throws LibvirtError ("Cannot write data: ...") otherwise.
    virtual void send(const std::uint8_t* data, std::size_t size) = 0;
    // Receives between 1 and `size` bytes; throws LibvirtError on end of file or error,
    // worded as libvirt's virNetSocket words it.
    virtual std::size_t receive(std::uint8_t* data, std::size_t size) = 0;
};

}  // namespace virtcheck::libvirt::native
