#include "core/perfdata.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "core/number.hpp"

namespace virtcheck {
namespace {

// Each byte as a label has it: lower case letters, digits, '_', '.', '-'; anything else '_'.
constexpr auto label_chars = [] {
    std::array<char, 256> table{};
    for (int c = 0; c < 256; ++c) {
        bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        table[c] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : allowed ? static_cast<char>(c) : '_';
    }
    return table;
}();

char label_char(char c) { return label_chars[static_cast<unsigned char>(c)]; }

// Decimals a value of this unit is worth printing: no exponent, at most 6 (the guidelines).
int decimals(Unit unit) {
    switch (unit) {
        case Unit::Bytes: return 0;
        case Unit::BytesPerSecond: return 1;
        case Unit::Percent: return 3;
        case Unit::Seconds: return 6;
        case Unit::PerSecond:
        case Unit::Count: return 3;
    }
    return 3;
}

}  // namespace

std::string_view perfdata_uom(const Perfdata& item) { return item.counter ? "c" : perfdata_uom(item.unit); }

std::string perfdata_label(std::string_view object, std::string_view metric) {
    std::string label;
    label.reserve(object.size() + 1 + metric.size());
    label.resize(object.size());
    std::transform(object.begin(), object.end(), label.begin(), label_char);
    // Names from outside can be long (300 characters and more): the label keeps the start of
    // the name and a hash of all of it, so it stays short, stable and unique. Only an object's
    // name is bounded: a label folded again (collect_perfdata) keeps what it was given.
    constexpr std::size_t max_object = 40;
    if (!metric.empty() && label.size() > max_object) {
        std::uint32_t hash = 2166136261u;  // FNV-1a, 32 bit: the same in every build
        for (unsigned char c : object) hash = (hash ^ c) * 16777619u;
        char suffix[10];
        std::snprintf(suffix, sizeof suffix, "_%08x", static_cast<unsigned>(hash));
        label = label.substr(0, max_object - 9) + suffix;
    }
    if (!metric.empty()) {
        if (!label.empty()) label += '_';
        label += metric;
    }
    return label;
}

std::string format_perfdata(const Perfdata& item) {
    std::string label(item.label.size(), '_');
    std::transform(item.label.begin(), item.label.end(), label.begin(), label_char);
    std::string fields[5];
    bool known = item.value && std::isfinite(*item.value);
    const int places = item.counter && item.unit != Unit::Seconds ? 0 : decimals(item.unit);
    fields[0] = known ? format_number(*item.value, places) + std::string(perfdata_uom(item)) : "U";
    if (item.warning) fields[1] = item.warning->to_string();
    if (item.critical) fields[2] = item.critical->to_string();
    if (item.min) fields[3] = format_number(*item.min, places);
    if (item.max) fields[4] = format_number(*item.max, places);
    int last = 4;
    while (last > 0 && fields[last].empty()) --last;
    std::string text = "'" + label + "'=" + fields[0];
    for (int i = 1; i <= last; ++i) text += ";" + fields[i];
    return text;
}

}  // namespace virtcheck
