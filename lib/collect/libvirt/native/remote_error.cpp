#include "collect/libvirt/native/remote_error.hpp"

#include <libvirt/virterror.h>

#include "collect/libvirt/native/protocol.hpp"
#include "collect/libvirt/native/remote_codec.hpp"

namespace virtcheck::libvirt::native {
namespace {

struct Decoded {
    int code = 0, domain = 0, level = 0;
    std::optional<std::string> message;
};

Decoded read_error(XdrReader& in) {
    Decoded e;
    e.code = in.i32();
    e.domain = in.i32();
    e.message = in.optional_string(string_max);
    e.level = in.i32();
    if (in.boolean()) read_domain(in);  // dom: unused, as in libvirt
    for (int i = 0; i < 3; ++i) in.optional_string(string_max);  // str1..str3
    in.i32(), in.i32();                                         // int1, int2
    if (in.boolean()) read_network(in);                         // net: unused
    return e;
}

}  // namespace

LibvirtError decode_remote_error(const Bytes& payload) {
    Decoded error;
    try {
        error = decode(payload, read_error);
    } catch (const LibvirtError& undecodable) {
        return undecodable;
    }
    std::string message = error.message ? *error.message : "Unknown error";
    // An older daemon lacking a procedure says so in words; libvirt turns that into NO_SUPPORT.
    if (error.domain == VIR_FROM_REMOTE && error.code == VIR_ERR_RPC && error.level == VIR_ERR_ERROR &&
        error.message && error.message->starts_with("unknown procedure"))
        return LibvirtError(VIR_ERR_NO_SUPPORT, error.domain, message);
    return LibvirtError(error.code, error.domain, message);
}

}  // namespace virtcheck::libvirt::native
