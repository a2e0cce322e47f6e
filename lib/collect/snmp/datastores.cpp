#include "collect/snmp/datastores.hpp"

#include <algorithm>
#include <map>

#include "core/errors.hpp"

namespace virtcheck::snmp {
namespace {

// hrStorageType values (HOST-RESOURCES-TYPES): 1.3.6.1.2.1.25.2.1.N
const std::map<std::string, std::vector<std::string>> type_oids = {
    {"other", {"1.3.6.1.2.1.25.2.1.1"}},
    {"ram", {storage_ram}},
    {"virtual", {"1.3.6.1.2.1.25.2.1.3"}},
    {"fixed", {storage_fixed_disk}},
    {"removable", {storage_removable_disk}},
    {"network", {storage_network_disk}},
};

bool on_esxi(const std::vector<StorageArea>& areas) {
    return std::any_of(areas.begin(), areas.end(),
                       [](const auto& area) { return area.description.starts_with("/vmfs/volumes/"); });
}

}  // namespace

std::vector<model::Datastore> storage_as_pools(const std::vector<StorageArea>& areas,
                                                const std::vector<std::string>& types) {
    std::vector<std::string> wanted;
    bool all = false;
    for (const auto& type : types) {
        if (type == "all") {
            all = true;
            continue;
        }
        auto it = type_oids.find(type);
        if (it == type_oids.end())
            throw UsageError("--type " + type + ": not fixed, network, removable, ram, virtual, other or all");
        wanted.insert(wanted.end(), it->second.begin(), it->second.end());
    }
    bool esxi = on_esxi(areas);
    std::vector<model::Datastore> pools;
    for (const auto& area : areas) {
        bool chosen = esxi ? area.description.starts_with("/vmfs/volumes/")
                           : all || std::find(wanted.begin(), wanted.end(), area.type) != wanted.end();
        if (!chosen) continue;
        model::Datastore pool;
        pool.name = area.description;
        pool.uuid = area.index;  // --include/--exclude may also match the row index
        pool.state = model::DatastoreState::Running;
        pool.problem = area.problem;
        if (area.size_bytes && area.used_bytes) {
            pool.capacity = *area.size_bytes;
            pool.allocation = *area.used_bytes;
            pool.available = *area.size_bytes - *area.used_bytes;
        }
        pools.push_back(std::move(pool));
    }
    return pools;
}

}  // namespace virtcheck::snmp
