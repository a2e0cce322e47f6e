#pragma once
// check_datastore in SNMP mode: hrStorageTable rows as pools. On ESXi the datastores are the
// rows under /vmfs/volumes/ (VMFS as fixed disks, NFS as network disks); on other hosts the
// file systems of the chosen types.
#include <string>
#include <vector>

#include "model/datastore.hpp"
#include "collect/snmp/tables.hpp"

namespace virtcheck::snmp {

// `types`: "fixed", "network", "removable", "ram", "virtual", "other" or "all"; ignored when
// the agent is an ESXi host (any row under /vmfs/volumes/). Throws UsageError for a bad type.
std::vector<model::Datastore> storage_as_pools(const std::vector<StorageArea>& areas,
                                                const std::vector<std::string>& types);

}  // namespace virtcheck::snmp
