#pragma once
// Reading one record of virConnectGetAllDomainStats (typed parameters) into model::Vm.
// Both libvirt clients use it: the native one builds the same virTypedParameter array
// (the struct from <libvirt/libvirt.h>; no libvirt function is called).
#include <libvirt/libvirt.h>

#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt {

// Reads one stats record's typed parameters into `out` (pure; tested with made-up records).
void read_stats_record(const virTypedParameter* params, int count, model::Vm& out);

}  // namespace virtcheck::libvirt
