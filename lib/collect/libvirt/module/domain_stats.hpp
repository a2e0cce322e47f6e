#pragma once
// Bulk domain statistics (virConnectGetAllDomainStats) with a per-domain fallback.
#include <libvirt/libvirt.h>

#include <string>
#include <vector>

#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt {

// Reads one stats record's typed parameters into `out` (pure; tested with made-up records).
void read_stats_record(const virTypedParameter* params, int count, model::Vm& out);

std::vector<model::Vm> collect_domain_stats(virConnectPtr connection, const std::string& uri, unsigned groups,
                                              bool running_only, Progress& progress);

}  // namespace virtcheck::libvirt
