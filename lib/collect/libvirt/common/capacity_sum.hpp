#pragma once
// Adding up a pool's volume capacities, for both clients.
#include <cstdint>
#include <optional>
#include <vector>

namespace virtcheck::libvirt {

// The capacities of a pool's volumes added up; nothing when the sum passes 2^64 bytes (the
// sizes come from the driver: a broken one must not wrap the sum around to a small number).
inline std::optional<std::uint64_t> sum_capacities(const std::vector<std::uint64_t>& capacities) {
    std::uint64_t sum = 0;
    for (std::uint64_t capacity : capacities)
        if (__builtin_add_overflow(sum, capacity, &sum)) return std::nullopt;
    return sum;
}

}  // namespace virtcheck::libvirt
