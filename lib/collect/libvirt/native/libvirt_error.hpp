#pragma once
// An error as libvirt's client would have raised it: the virError code and domain (numbers
// from <libvirt/virterror.h>) and the message text, worded as libvirt words it. The
// daemon's own errors arrive this way; transport and protocol failures are made this way,
// so that common/error_text.hpp classifies both exactly as it classifies libvirt's.
#include <stdexcept>
#include <string>

namespace virtcheck::libvirt::native {

struct LibvirtError : std::runtime_error {
    int code;
    int domain;
    int system_errno = 0;  // the errno behind a system error, 0 otherwise
    LibvirtError(int error_code, int error_domain, const std::string& message)
        : std::runtime_error(message), code(error_code), domain(error_domain) {}
};

// virReportSystemError's wording: "<what>: <strerror(errno)>", code VIR_ERR_SYSTEM_ERROR.
LibvirtError system_error(int error_number, const std::string& what);

// A broken reply or stream: VIR_ERR_RPC in VIR_FROM_RPC, as libvirt's virNetClient reports it.
LibvirtError rpc_error(const std::string& message);

}  // namespace virtcheck::libvirt::native
