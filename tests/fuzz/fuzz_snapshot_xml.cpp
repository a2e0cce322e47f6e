// libFuzzer target: a snapshot's XML from the hypervisor: its name and creation time.
#include <cstdint>
#include <string_view>

#include "collect/libvirt/module/snapshots.hpp"

using namespace virtcheck::libvirt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto snapshot = parse_snapshot(std::string_view(reinterpret_cast<const char*>(data), size));
    if (snapshot.name.size() > size) __builtin_trap();
    return 0;
}
