#include "core/perfdata.hpp"

#include <cmath>

#include "core/number.hpp"

namespace virtcheck {
namespace {

char label_char(char c) {
    if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
    bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    return allowed ? c : '_';
}

}  // namespace

std::string perfdata_label(std::string_view object, std::string_view metric) {
    std::string label;
    for (char c : object) label += label_char(c);
    if (!metric.empty()) label += (label.empty() ? "" : "_") + std::string(metric);
    return label;
}

std::string format_perfdata(const Perfdata& item) {
    std::string label;
    for (char c : item.label) label += label_char(c);
    std::string fields[5];
    bool known = item.value && std::isfinite(*item.value);
    fields[0] = known ? format_number(*item.value) + std::string(perfdata_uom(item.unit)) : "U";
    if (item.warning) fields[1] = item.warning->to_string();
    if (item.critical) fields[2] = item.critical->to_string();
    if (item.min) fields[3] = format_number(*item.min);
    if (item.max) fields[4] = format_number(*item.max);
    int last = 4;
    while (last > 0 && fields[last].empty()) --last;
    std::string text = "'" + label + "'=" + fields[0];
    for (int i = 1; i <= last; ++i) text += ";" + fields[i];
    return text;
}

}  // namespace virtcheck
