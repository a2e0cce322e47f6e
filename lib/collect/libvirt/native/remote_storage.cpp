// Storage pool and volume procedures.
#include "collect/libvirt/native/protocol.hpp"
#include "collect/libvirt/native/remote_calls.hpp"
#include "collect/libvirt/native/remote_codec.hpp"

namespace virtcheck::libvirt::native {
namespace {

Bytes pool_arguments(const RemotePool& pool) {
    return encode([&](XdrWriter& out) { write_pool(out, pool); });
}

std::int32_t read_int_reply(const Bytes& payload) {
    return decode(payload, [](XdrReader& in) { return in.i32(); });
}

}  // namespace

std::vector<RemotePool> RemoteCalls::connect_list_all_storage_pools(unsigned flags) {
    Bytes reply = client_.call(Procedure::ConnectListAllStoragePools, encode([&](XdrWriter& out) {
                                   out.i32(1);  // need_results
                                   out.u32(flags);
                               }));
    return decode(reply, [](XdrReader& in) {
        std::uint32_t count = in.count(storage_pool_list_max, pool_wire_min);
        std::vector<RemotePool> pools;
        pools.reserve(count);
        for (std::uint32_t i = 0; i < count; ++i) pools.push_back(read_pool(in));
        in.u32();  // ret
        return pools;
    });
}

bool RemoteCalls::storage_pool_get_autostart(const RemotePool& pool) {
    return read_int_reply(client_.call(Procedure::StoragePoolGetAutostart, pool_arguments(pool))) != 0;
}

bool RemoteCalls::storage_pool_is_active(const RemotePool& pool) {
    return read_int_reply(client_.call(Procedure::StoragePoolIsActive, pool_arguments(pool))) == 1;
}

void RemoteCalls::storage_pool_refresh(const RemotePool& pool, unsigned flags) {
    client_.call(Procedure::StoragePoolRefresh, encode([&](XdrWriter& out) {
                     write_pool(out, pool);
                     out.u32(flags);
                 }));
}

PoolSizes RemoteCalls::storage_pool_get_info(const RemotePool& pool) {
    return decode(client_.call(Procedure::StoragePoolGetInfo, pool_arguments(pool)), [](XdrReader& in) {
        PoolSizes info;
        info.state = static_cast<std::uint8_t>(in.u32());  // unsigned char in a 4-byte unit
        info.capacity = in.u64(), info.allocation = in.u64(), info.available = in.u64();
        return info;
    });
}

std::vector<RemoteVolume> RemoteCalls::storage_pool_list_all_volumes(const RemotePool& pool, unsigned flags) {
    Bytes reply = client_.call(Procedure::StoragePoolListAllVolumes, encode([&](XdrWriter& out) {
                                   write_pool(out, pool);
                                   out.i32(1);  // need_results
                                   out.u32(flags);
                               }));
    return decode(reply, [](XdrReader& in) {
        std::uint32_t count = in.count(storage_vol_list_max, volume_wire_min);
        std::vector<RemoteVolume> volumes;
        volumes.reserve(count);
        for (std::uint32_t i = 0; i < count; ++i) volumes.push_back(read_volume(in));
        in.u32();  // ret
        return volumes;
    });
}

VolumeSizes RemoteCalls::storage_vol_get_info(const RemoteVolume& volume) {
    Bytes reply = client_.call(Procedure::StorageVolGetInfo, encode([&](XdrWriter& out) { write_volume(out, volume); }));
    return decode(reply, [](XdrReader& in) {
        VolumeSizes info;
        info.type = static_cast<std::int8_t>(in.i32());  // char in a 4-byte unit
        info.capacity = in.u64(), info.allocation = in.u64();
        return info;
    });
}

}  // namespace virtcheck::libvirt::native
