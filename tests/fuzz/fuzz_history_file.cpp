// libFuzzer target: the history file (forecasts and baselines) is read back on every run of
// a learning check; whatever it holds, reading never crashes, a refused file says why, and
// what is accepted is bounded, written back and read again the same.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/history.hpp"

using namespace virtcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string owner = "check_datastore 0123456789abcdef";
    std::string text(reinterpret_cast<const char*>(data), size);
    std::string why;
    auto history = parse_history(text, owner, why);
    if (!history) {
        if (why.empty()) std::abort();
        return 0;
    }
    if (history->all_series().size() + history->all_baselines().size() > History::max_entries) std::abort();
    for (const auto& [key, series] : history->all_series()) {
        if (series.points().size() > Series::max_points || key.size() > History::max_key) std::abort();
        for (const auto& p : series.points())
            if (!std::isfinite(p.time) || !std::isfinite(p.value)) std::abort();
    }
    auto written = format_history(*history, owner);
    auto again = parse_history(written, owner, why);
    if (!again || format_history(*again, owner) != written) std::abort();
    return 0;
}
