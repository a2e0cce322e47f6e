// libFuzzer target: a virtual network's XML from the hypervisor: bridge, DHCP ranges, and the
// address arithmetic on them (range sizes, lease membership).
#include <cmath>
#include <cstdint>
#include <string_view>

#include "collect/libvirt/module/networks.hpp"

using namespace virtcheck::libvirt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto definition = parse_network_definition(std::string_view(reinterpret_cast<const char*>(data), size));
    for (const auto& [start, end] : definition.dhcp_ranges) {
        double addresses = range_size(start, end);
        if (!(addresses >= 0) || !std::isfinite(addresses)) __builtin_trap();
        // Both ends of a range that has addresses lie in it.
        if (addresses > 0 && !(in_ranges(start, definition.dhcp_ranges) && in_ranges(end, definition.dhcp_ranges)))
            __builtin_trap();
    }
    return 0;
}
