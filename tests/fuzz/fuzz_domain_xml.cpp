// libFuzzer target: a domain's XML from the hypervisor, for its disks and interfaces.
#include <cstdint>
#include <string_view>

#include "collect/libvirt/module/domain_xml.hpp"

using namespace virtcheck::libvirt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto devices = parse_domain_devices(std::string_view(reinterpret_cast<const char*>(data), size));
    for (const auto& disk : devices.disks)
        if (disk.target.empty()) __builtin_trap();
    for (const auto& target : devices.interfaces)
        if (target.empty()) __builtin_trap();
    return 0;
}
