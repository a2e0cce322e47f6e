#include "core/units.hpp"

#include <array>

#include "core/number.hpp"

namespace virtcheck {
namespace {

struct Suffix {
    std::string_view name;
    double factor;
};

constexpr std::array time_suffixes{
    Suffix{"ns", 1e-9}, Suffix{"us", 1e-6}, Suffix{"\u00b5s", 1e-6}, Suffix{"ms", 1e-3},
    Suffix{"s", 1},     Suffix{"m", 60},    Suffix{"min", 60},       Suffix{"h", 3600},
    Suffix{"d", 86400}, Suffix{"w", 604800},
};

constexpr double Ki = 1024.0;
constexpr std::array byte_suffixes{
    Suffix{"B", 1},           Suffix{"kB", 1e3},          Suffix{"KB", 1e3},
    Suffix{"MB", 1e6},        Suffix{"GB", 1e9},          Suffix{"TB", 1e12},
    Suffix{"PB", 1e15},       Suffix{"KiB", Ki},          Suffix{"MiB", Ki * Ki},
    Suffix{"GiB", Ki * Ki * Ki}, Suffix{"TiB", Ki * Ki * Ki * Ki}, Suffix{"PiB", Ki * Ki * Ki * Ki * Ki},
};

template <std::size_t N>
const Suffix* find(const std::array<Suffix, N>& table, std::string_view name) {
    for (const auto& suffix : table)
        if (suffix.name == name) return &suffix;
    return nullptr;
}

bool strip_per_second(std::string_view& suffix) {
    constexpr std::string_view per_second = "/s";
    if (!suffix.ends_with(per_second)) return false;
    suffix.remove_suffix(per_second.size());
    return true;
}

}  // namespace

std::string_view perfdata_uom(Unit unit) {
    switch (unit) {
        case Unit::Seconds: return "s";
        case Unit::Bytes: return "B";
        case Unit::Percent: return "%";
        default: return "";
    }
}

std::string_view accepted_units(Unit unit) {
    switch (unit) {
        case Unit::Count: return "a plain number";
        case Unit::Seconds: return "ns, us, ms, s, m/min, h, d, w (default s)";
        case Unit::Bytes: return "B, kB, MB, GB, TB, PB (x1000), KiB, MiB, GiB, TiB, PiB (x1024) (default B)";
        case Unit::Percent: return "% (default %)";
        case Unit::BytesPerSecond: return "B/s, kB/s, MB/s, ..., KiB/s, MiB/s, ... (default B/s)";
        case Unit::PerSecond: return "/s (default /s)";
    }
    return "";
}

double unit_factor(std::string_view suffix, Unit unit) {
    if (suffix.empty()) return 1;
    const Suffix* found = nullptr;
    std::string_view name = suffix;
    switch (unit) {
        case Unit::Count: break;
        case Unit::Seconds: found = find(time_suffixes, name); break;
        case Unit::Bytes: found = find(byte_suffixes, name); break;
        case Unit::Percent:
            if (suffix == "%") return 1;
            break;
        case Unit::BytesPerSecond:
            if (strip_per_second(name)) found = find(byte_suffixes, name);
            break;
        case Unit::PerSecond:
            if (strip_per_second(name) && name.empty()) return 1;
            break;
    }
    if (!found)
        throw ThresholdError("unit '" + std::string(suffix) + "' does not apply here, use " +
                             std::string(accepted_units(unit)));
    return found->factor;
}

double parse_quantity(std::string_view text, Unit unit) {
    auto number = read_number_prefix(text);
    if (!number) throw ThresholdError("'" + std::string(text) + "' is not a number");
    return number->value * unit_factor(text.substr(number->length), unit);
}

}  // namespace virtcheck
