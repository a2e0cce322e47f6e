#pragma once
// Storage pools and their volume totals.
#include <libvirt/libvirt.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "collect/libvirt/common/capacity_sum.hpp"
#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt {

std::vector<model::Datastore> collect_pools(virConnectPtr connection, const std::string& uri, bool refresh,
                                    const std::function<bool(const model::Datastore&)>& wanted, Progress& progress);

}  // namespace virtcheck::libvirt
