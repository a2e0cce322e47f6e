// libFuzzer target: the capacities a storage driver gives for a pool's volumes, added up:
// the sum never wraps around to a small number.
#include <cstdint>
#include <cstring>
#include <vector>

#include "collect/libvirt/module/storage.hpp"

using namespace virtcheck::libvirt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::uint64_t> capacities(size / sizeof(std::uint64_t));
    if (!capacities.empty()) std::memcpy(capacities.data(), data, capacities.size() * sizeof(std::uint64_t));
    auto sum = sum_capacities(capacities);
    if (sum)
        for (std::uint64_t capacity : capacities)
            if (capacity > *sum) __builtin_trap();
    return 0;
}
