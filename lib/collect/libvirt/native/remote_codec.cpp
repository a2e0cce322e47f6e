#include "collect/libvirt/native/remote_codec.hpp"

#include <libvirt/libvirt.h>

#include "collect/libvirt/native/protocol.hpp"

namespace virtcheck::libvirt::native {

void write_domain(XdrWriter& out, const RemoteDomain& domain) {
    out.string(domain.name);
    out.fixed_opaque(domain.uuid.data(), domain.uuid.size());
    out.i32(domain.id);
}

void write_network(XdrWriter& out, const RemoteNetwork& network) {
    out.string(network.name);
    out.fixed_opaque(network.uuid.data(), network.uuid.size());
}

void write_pool(XdrWriter& out, const RemotePool& pool) {
    out.string(pool.name);
    out.fixed_opaque(pool.uuid.data(), pool.uuid.size());
}

void write_volume(XdrWriter& out, const RemoteVolume& volume) {
    out.string(volume.pool);
    out.string(volume.name);
    out.string(volume.key);
}

void write_snapshot(XdrWriter& out, const RemoteSnapshot& snapshot) {
    out.string(snapshot.name);
    write_domain(out, snapshot.domain);
}

RemoteDomain read_domain(XdrReader& in) {
    RemoteDomain domain;
    domain.name = in.string(string_max);
    in.fixed_opaque(domain.uuid.data(), domain.uuid.size());
    domain.id = in.i32();
    return domain;
}

RemoteNetwork read_network(XdrReader& in) {
    RemoteNetwork network;
    network.name = in.string(string_max);
    in.fixed_opaque(network.uuid.data(), network.uuid.size());
    return network;
}

RemotePool read_pool(XdrReader& in) {
    RemotePool pool;
    pool.name = in.string(string_max);
    in.fixed_opaque(pool.uuid.data(), pool.uuid.size());
    return pool;
}

RemoteVolume read_volume(XdrReader& in) {
    RemoteVolume volume;
    volume.pool = in.string(string_max);
    volume.name = in.string(string_max);
    volume.key = in.string(string_max);
    return volume;
}

RemoteSnapshot read_snapshot(XdrReader& in) {
    RemoteSnapshot snapshot;
    snapshot.name = in.string(string_max);
    snapshot.domain = read_domain(in);
    return snapshot;
}

TypedParam read_typed_param(XdrReader& in) {
    TypedParam param;
    param.field = in.string(string_max);
    param.type = in.i32();
    switch (param.type) {
        case VIR_TYPED_PARAM_INT: param.value = in.i32(); break;
        case VIR_TYPED_PARAM_UINT: param.value = in.u32(); break;
        case VIR_TYPED_PARAM_LLONG: param.value = in.i64(); break;
        case VIR_TYPED_PARAM_ULLONG: param.value = in.u64(); break;
        case VIR_TYPED_PARAM_DOUBLE: param.value = in.f64(); break;
        case VIR_TYPED_PARAM_BOOLEAN: param.value = in.i32(); break;
        case VIR_TYPED_PARAM_STRING: param.value = in.string(string_max); break;
        default: throw XdrError("typed parameter of unknown type " + std::to_string(param.type));
    }
    return param;
}

std::vector<TypedParam> read_typed_params(XdrReader& in, std::uint32_t max) {
    std::uint32_t count = in.count(max, typed_param_wire_min);
    std::vector<TypedParam> params;
    params.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) params.push_back(read_typed_param(in));
    return params;
}

Bytes encode(const std::function<void(XdrWriter&)>& fill) {
    XdrWriter out;
    fill(out);
    return out.take();
}

}  // namespace virtcheck::libvirt::native
