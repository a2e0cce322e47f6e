#pragma once
// XDR forms of the remote program's handles and typed parameters (remote_protocol.x).
#include <functional>

#include "collect/libvirt/native/remote_types.hpp"
#include "collect/libvirt/native/xdr.hpp"

namespace virtcheck::libvirt::native {

// Smallest wire size of each record, for XdrReader::count().
inline constexpr std::size_t domain_wire_min = 4 + 16 + 4;
inline constexpr std::size_t network_wire_min = 4 + 16;
inline constexpr std::size_t pool_wire_min = 4 + 16;
inline constexpr std::size_t volume_wire_min = 4 + 4 + 4;
inline constexpr std::size_t snapshot_wire_min = 4 + domain_wire_min;
inline constexpr std::size_t typed_param_wire_min = 4 + 4 + 4;

void write_domain(XdrWriter& out, const RemoteDomain& domain);
void write_network(XdrWriter& out, const RemoteNetwork& network);
void write_pool(XdrWriter& out, const RemotePool& pool);
void write_volume(XdrWriter& out, const RemoteVolume& volume);
void write_snapshot(XdrWriter& out, const RemoteSnapshot& snapshot);

RemoteDomain read_domain(XdrReader& in);
RemoteNetwork read_network(XdrReader& in);
RemotePool read_pool(XdrReader& in);
RemoteVolume read_volume(XdrReader& in);
RemoteSnapshot read_snapshot(XdrReader& in);

// One remote_typed_param; a type outside VIR_TYPED_PARAM_INT..STRING is an XdrError (the
// union has no default arm).
TypedParam read_typed_param(XdrReader& in);

// remote_typed_param params<max>: the count, then each parameter.
std::vector<TypedParam> read_typed_params(XdrReader& in, std::uint32_t max);

// The arguments of a call, encoded by `fill`.
Bytes encode(const std::function<void(XdrWriter&)>& fill);

// Runs `read` over a reply payload. A payload that does not decode is libvirt's "Unable
// to decode message payload" (LibvirtError, VIR_ERR_RPC).
template <typename Read>
auto decode(const Bytes& payload, Read read) -> decltype(read(std::declval<XdrReader&>()));

}  // namespace virtcheck::libvirt::native

#include "collect/libvirt/native/libvirt_error.hpp"

namespace virtcheck::libvirt::native {

template <typename Read>
auto decode(const Bytes& payload, Read read) -> decltype(read(std::declval<XdrReader&>())) {
    XdrReader in(payload);
    try {
        return read(in);
    } catch (const XdrError&) {
        throw rpc_error("Unable to decode message payload");
    }
}

}  // namespace virtcheck::libvirt::native
