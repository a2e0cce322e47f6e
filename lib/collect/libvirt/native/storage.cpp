// Storage pools and their volume totals, call for call as module/storage.cpp.
#include <libvirt/virterror.h>

#include "collect/libvirt/common/capacity_sum.hpp"
#include "collect/libvirt/native/collectors.hpp"

namespace virtcheck::libvirt::native {
namespace {

// The volumes' count and capacity sum; nothing when the driver cannot list them.
void add_volumes(Session& session, const RemotePool& pool, model::Datastore& info) {
    std::vector<RemoteVolume> volumes;
    try {
        volumes = session.remote.storage_pool_list_all_volumes(pool, 0);
    } catch (const LibvirtError&) {
        return;
    }
    std::vector<std::uint64_t> capacities;
    for (const auto& volume : volumes) {
        // A volume deleted since the listing is simply gone; any other failure leaves the sum unknown.
        try {
            capacities.push_back(session.remote.storage_vol_get_info(volume).capacity);
        } catch (const LibvirtError& e) {
            if (e.code == VIR_ERR_NO_STORAGE_VOL) continue;
            return;
        }
    }
    info.volumes = static_cast<unsigned>(volumes.size());
    info.volume_capacity = sum_capacities(capacities);
}

bool is_active(Session& session, const RemotePool& pool) {
    try {
        return session.remote.storage_pool_is_active(pool);
    } catch (const LibvirtError&) {
        return false;  // virStoragePoolIsActive's -1 is no "1" either
    }
}

}  // namespace

std::vector<model::Datastore> collect_pools(Session& session, bool refresh, const std::function<bool(const model::Datastore&)>& wanted) {
    session.progress.stage("listing storage pools at " + session.uri);
    std::vector<RemotePool> pools;
    try {
        pools = session.remote.connect_list_all_storage_pools(0);
    } catch (const LibvirtError& e) {
        throw session.failure(e, "listing storage pools");
    }

    std::vector<model::Datastore> result;
    for (const auto& pool : pools) {
        model::Datastore info;
        info.name = pool.name;
        info.uuid = format_uuid(pool.uuid);
        session.progress.stage("reading storage pool " + info.name + " at " + session.uri);
        try {
            info.autostart = session.remote.storage_pool_get_autostart(pool);
        } catch (const LibvirtError&) {
        }
        if (refresh && is_active(session, pool) && wanted(info)) {
            session.progress.stage("refreshing storage pool " + info.name + " at " + session.uri);
            try {
                session.refuse_if_read_only("virStoragePoolRefresh", VIR_FROM_STORAGE);
                session.remote.storage_pool_refresh(pool, 0);
            } catch (const LibvirtError& e) {
                throw session.failure(e, "refreshing storage pool " + info.name);
            }
        }
        PoolSizes sizes;
        try {
            sizes = session.remote.storage_pool_get_info(pool);
        } catch (const LibvirtError& e) {
            if (e.code == VIR_ERR_NO_STORAGE_POOL) continue;  // undefined since the listing
            throw session.failure(e, "reading storage pool " + info.name);
        }
        info.state = static_cast<model::DatastoreState>(sizes.state);
        info.capacity = sizes.capacity;
        info.allocation = sizes.allocation;
        info.available = sizes.available;
        if (info.state == model::DatastoreState::Running || info.state == model::DatastoreState::Degraded) add_volumes(session, pool, info);
        result.push_back(std::move(info));
    }
    return result;
}

}  // namespace virtcheck::libvirt::native
