// libFuzzer target: the host capabilities XML from the hypervisor (host arch, domain types).
#include <cstdint>
#include <string_view>

#include "collect/libvirt/module/capabilities.hpp"
#include "core/errors.hpp"

using namespace virtcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        auto capabilities = libvirt::parse_capabilities(std::string_view(reinterpret_cast<const char*>(data), size));
        for (const auto& type : capabilities.domain_types)
            if (type.empty()) __builtin_trap();
    } catch (const CollectError&) {
    }
    return 0;
}
