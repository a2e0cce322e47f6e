#include "alert/time_text.hpp"

#include <cmath>
#include <ctime>

#include "core/errors.hpp"
#include "core/units.hpp"

namespace virtcheck::alert {

double parse_duration(std::string_view text) {
    double seconds = 0;
    try {
        seconds = parse_quantity(text, Unit::Seconds);
    } catch (const ThresholdError& error) {
        throw UsageError("'" + std::string(text) + "' is not a duration (" + error.what() + ")");
    }
    if (seconds < 0) throw UsageError("'" + std::string(text) + "' is a negative duration");
    return seconds;
}

std::string format_duration(double seconds) {
    if (seconds > 0 && seconds < 1) return std::to_string(std::lround(seconds * 1000)) + "ms";
    auto total = static_cast<long long>(std::llround(seconds));
    if (total <= 0) return "0s";
    struct Part {
        long long size;
        const char* name;
    };
    const Part parts[] = {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
    std::string text;
    int used = 0;
    for (const auto& part : parts) {
        if (total < part.size || used == 2) continue;
        if (!text.empty()) text += ' ';
        text += std::to_string(total / part.size) + part.name;
        total %= part.size;
        ++used;
    }
    return text;
}

double parse_time(std::string_view text) {
    const std::string value(text);
    if (value.starts_with("@")) {
        char* end = nullptr;
        double epoch = std::strtod(value.c_str() + 1, &end);
        if (value.size() > 1 && end && *end == '\0' && epoch >= 0) return epoch;
    } else {
        for (const char* format : {"%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"}) {
            std::tm parts{};
            const char* end = strptime(value.c_str(), format, &parts);
            if (!end || *end) continue;
            parts.tm_isdst = -1;
            std::time_t epoch = std::mktime(&parts);
            if (epoch != -1) return static_cast<double>(epoch);
        }
    }
    throw UsageError("'" + value + "' is not a time: write YYYY-MM-DD HH:MM[:SS] (local time) or @EPOCH");
}

std::string format_time(double epoch) {
    std::time_t seconds = static_cast<std::time_t>(std::floor(epoch));
    std::tm parts{};
    localtime_r(&seconds, &parts);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &parts);
    return buffer;
}

std::string mail_date(double epoch) {
    // Locale-free: strftime's %a/%b follow LC_TIME, RFC 5322 wants the English names.
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::time_t seconds = static_cast<std::time_t>(std::floor(epoch));
    std::tm parts{};
    localtime_r(&seconds, &parts);
    long offset = parts.tm_gmtoff / 60;
    char sign = offset < 0 ? '-' : '+';
    offset = offset < 0 ? -offset : offset;
    char buffer[80];
    std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", days[parts.tm_wday],
                  parts.tm_mday, months[parts.tm_mon], parts.tm_year + 1900, parts.tm_hour, parts.tm_min,
                  parts.tm_sec, sign, offset / 60, offset % 60);
    return buffer;
}

}  // namespace virtcheck::alert
