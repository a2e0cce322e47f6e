#pragma once
// Storage that holds VM images: a libvirt storage pool, an ESXi datastore, a host file system.
#include <cstdint>
#include <optional>
#include <string>

namespace virtcheck::model {

// Numbered as libvirt numbers pool states (virStoragePoolState).
enum class DatastoreState { Inactive = 0, Building, Running, Degraded, Inaccessible };

// Sizes are those of the source's last scan (libvirt: the pool's last refresh); 0 while a
// pool is inactive.
struct Datastore {
    std::string name{};  // untrusted
    std::string uuid{};  // or another identifier --include/--exclude may match (an SNMP row index)
    DatastoreState state = DatastoreState::Inactive;
    std::optional<bool> autostart{};
    std::uint64_t capacity = 0, allocation = 0, available = 0;  // bytes
    std::optional<unsigned> volumes{};                 // absent: the volumes could not be listed
    std::optional<std::uint64_t> volume_capacity{};    // sum of the volumes' capacities, bytes
    std::string problem{};  // why the sizes cannot be used (a missing column, an overflow)
    std::string maintenance{};  // a maintenance mode other than normal: "inMaintenance", "enteringMaintenance"
};

}  // namespace virtcheck::model
