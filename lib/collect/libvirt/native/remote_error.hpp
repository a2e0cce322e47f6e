#pragma once
// The remote_error a daemon sends with a failed reply, raised as libvirt's client raises it.
#include "collect/libvirt/native/libvirt_error.hpp"
#include "collect/libvirt/native/xdr.hpp"

namespace virtcheck::libvirt::native {

// The error in a reply's payload. An "unknown procedure" from an older daemon becomes
// VIR_ERR_NO_SUPPORT, as in libvirt's virNetClientProgramDispatchError; a payload that
// does not decode is "Unable to decode message payload" (VIR_ERR_RPC).
LibvirtError decode_remote_error(const Bytes& payload);

}  // namespace virtcheck::libvirt::native
