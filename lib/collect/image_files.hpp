#pragma once
// Disk images are files (or devices) on the hypervisor host: when a check runs there, it can
// read their permission bits itself.
#include <vector>

#include "model/security.hpp"

namespace virtcheck {

// Fills `mode` of each file and block device image (following symlinks, as QEMU opens them),
// or `mode_unread` with why not. Other kinds (network, volume) are left alone.
void read_image_modes(std::vector<model::VmSecurity>& vms);

// For a connection to another host: the images are not here to look at.
void mark_image_modes_remote(std::vector<model::VmSecurity>& vms);

}  // namespace virtcheck
