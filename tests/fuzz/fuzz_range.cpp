// libFuzzer target: the range and threshold grammar must never crash, and every range it
// accepts must print (for perfdata) as text that the grammar accepts again.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/range.hpp"
#include "core/threshold.hpp"

using namespace virtcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const Unit units[] = {Unit::Count, Unit::Seconds, Unit::Bytes, Unit::Percent, Unit::BytesPerSecond,
                          Unit::PerSecond};
    Unit unit = units[data[0] % 6];
    std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    Range range;
    try {
        range = parse_range(text, unit);
        Thresholds thresholds = parse_thresholds(text, text, unit);
        (void)thresholds.evaluate(1);
    } catch (const ThresholdError&) {
        return 0;
    }
    try {
        Range again = parse_range(range.to_string(), Unit::Count);
        if (again.alert_inside != range.alert_inside) std::abort();
    } catch (const ThresholdError&) {
        std::abort();  // perfdata would carry a range no reader accepts
    }
    return 0;
}
