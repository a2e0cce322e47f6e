#pragma once
// The snapshots of every VM, with their creation times.
#include <libvirt/libvirt.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt {

// Name and creationTime from a snapshot's XML (read with libxml2); no time when unreadable.
model::Snapshot parse_snapshot(std::string_view xml);

std::vector<model::VmSnapshots> collect_snapshots(virConnectPtr connection, const std::string& uri,
                                           const std::function<bool(const model::VmSnapshots&)>& wanted, Progress& progress);

}  // namespace virtcheck::libvirt
