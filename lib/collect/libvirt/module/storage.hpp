#pragma once
// Storage pools and their volume totals.
#include <libvirt/libvirt.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt {

// The capacities of a pool's volumes added up; nothing when the sum passes 2^64 bytes (the
// sizes come from the driver: a broken one must not wrap the sum around to a small number).
std::optional<std::uint64_t> sum_capacities(const std::vector<std::uint64_t>& capacities);

std::vector<model::Datastore> collect_pools(virConnectPtr connection, const std::string& uri, bool refresh,
                                    const std::function<bool(const model::Datastore&)>& wanted, Progress& progress);

}  // namespace virtcheck::libvirt
