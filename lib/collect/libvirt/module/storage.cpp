#include "collect/libvirt/module/storage.hpp"

#include <libvirt/virterror.h>

#include "collect/libvirt/module/error_mapping.hpp"
#include "collect/libvirt/module/handles.hpp"

namespace virtcheck::libvirt {
namespace {

// The volumes' count and capacity sum; nothing when the driver cannot list them.
void add_volumes(virStoragePoolPtr pool, model::Datastore& info) {
    virStorageVolPtr* list = nullptr;
    int count = virStoragePoolListAllVolumes(pool, &list, 0);
    if (count < 0) return;
    HandleList<virStorageVolPtr, virStorageVolFree> volumes(list, count);
    std::vector<std::uint64_t> capacities;
    for (virStorageVolPtr volume : volumes) {
        virStorageVolInfo volume_info{};
        // A volume deleted since the listing is simply gone; any other failure leaves the sum unknown.
        if (virStorageVolGetInfo(volume, &volume_info) < 0) {
            const virError* error = virGetLastError();
            if (error && error->code == VIR_ERR_NO_STORAGE_VOL) continue;
            return;
        }
        capacities.push_back(volume_info.capacity);
    }
    info.volumes = static_cast<unsigned>(count);
    info.volume_capacity = sum_capacities(capacities);
}

}  // namespace

std::vector<model::Datastore> collect_pools(virConnectPtr connection, const std::string& uri, bool refresh,
                                    const std::function<bool(const model::Datastore&)>& wanted, Progress& progress) {
    progress.stage("listing storage pools at " + uri);
    virStoragePoolPtr* list = nullptr;
    int count = virConnectListAllStoragePools(connection, &list, 0);
    if (count < 0) throw last_error(uri, "listing storage pools");
    HandleList<virStoragePoolPtr, virStoragePoolFree> pools(list, count);

    std::vector<model::Datastore> result;
    for (virStoragePoolPtr pool : pools) {
        model::Datastore info;
        if (const char* name = virStoragePoolGetName(pool)) info.name = name;
        char uuid[VIR_UUID_STRING_BUFLEN] = {};
        if (virStoragePoolGetUUIDString(pool, uuid) == 0) info.uuid = uuid;
        progress.stage("reading storage pool " + info.name + " at " + uri);
        if (int autostart = 0; virStoragePoolGetAutostart(pool, &autostart) == 0) info.autostart = autostart != 0;
        if (refresh && virStoragePoolIsActive(pool) == 1 && wanted(info)) {
            progress.stage("refreshing storage pool " + info.name + " at " + uri);
            if (virStoragePoolRefresh(pool, 0) < 0) throw last_error(uri, "refreshing storage pool " + info.name);
        }
        virStoragePoolInfo pool_info{};
        if (virStoragePoolGetInfo(pool, &pool_info) < 0) {
            const virError* error = virGetLastError();
            if (error && error->code == VIR_ERR_NO_STORAGE_POOL) continue;  // undefined since the listing
            throw last_error(uri, "reading storage pool " + info.name);
        }
        info.state = static_cast<model::DatastoreState>(pool_info.state);
        info.capacity = pool_info.capacity;
        info.allocation = pool_info.allocation;
        info.available = pool_info.available;
        if (info.state == model::DatastoreState::Running || info.state == model::DatastoreState::Degraded) add_volumes(pool, info);
        result.push_back(std::move(info));
    }
    return result;
}

}  // namespace virtcheck::libvirt
