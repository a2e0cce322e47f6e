#pragma once
// This host's memory as the kernel counts it (/proc/meminfo): for a local URI, the one source
// of MemAvailable, which libvirt's node memory statistics do not carry.
#include <string>
#include <string_view>

#include "model/host.hpp"

namespace virtcheck::libvirt {

// MemTotal, MemAvailable, MemFree, Buffers and Cached (kB) as bytes; no total when the text
// has no MemTotal, no available when it has no MemAvailable (kernels before 3.14).
model::HostMemory parse_meminfo(std::string_view text);

// Whether `uri` is a driver of this very host (qemu:///system, lxc:///, qemu+unix:///...),
// whose memory is the memory /proc/meminfo counts. Not the test driver's made-up host.
bool is_this_host(std::string_view uri);

// parse_meminfo() of /proc/meminfo (or of `path`).
model::HostMemory read_meminfo(const std::string& path = "/proc/meminfo");

}  // namespace virtcheck::libvirt
