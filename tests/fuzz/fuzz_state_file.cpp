// libFuzzer target: the state file is read back on every run; whatever it holds (a torn
// write, another program's file, garbage), reading never crashes, and only a complete file
// is trusted: what is accepted is written back and read again the same.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/state_store.hpp"

using namespace virtcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    std::string why;
    auto sample = parse_sample(text, &why);
    if (!sample) {
        if (why.empty()) std::abort();  // a refused file always says why
        return 0;
    }
    if (!std::isfinite(sample->time)) std::abort();
    auto again = parse_sample(format_sample(*sample), &why);
    if (!again || again->counters.size() > sample->counters.size() || again->time != sample->time) std::abort();
    return 0;
}
