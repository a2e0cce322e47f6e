// libFuzzer target: the cgroup file parsers read whatever a --root tree holds; they must
// never crash, and what they accept must be in range.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collect/cgroup/parse.hpp"

using namespace virtcheck::cgroup;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)parse_keyed(text);
    (void)parse_limit(text);
    if (auto cpu = parse_cpu_max(text); cpu && !cpu->unlimited && !(std::isfinite(cpu->cpus) && cpu->cpus >= 0))
        std::abort();
    if (auto pressure = parse_pressure_avg10(text); pressure && !(*pressure >= 0 && *pressure <= 100)) std::abort();
    (void)find_v2_mount(text);
    if (unescape_unit(text).size() > text.size()) std::abort();
    return 0;
}
