#pragma once
// Bulk domain statistics (virConnectGetAllDomainStats) with a per-domain fallback.
#include <libvirt/libvirt.h>

#include <string>
#include <vector>

#include "collect/libvirt/common/stats_record.hpp"
#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt {

std::vector<model::Vm> collect_domain_stats(virConnectPtr connection, const std::string& uri, unsigned groups,
                                              bool running_only, Progress& progress);

}  // namespace virtcheck::libvirt
