#include "collect/vsphere/module/values.hpp"

#include <charconv>

namespace virtcheck::vsphere {
namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t' || text.front() == '\r'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

// Exactly `count` digits at `at`.
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<std::int64_t> integer_of(std::string_view text) {
    text = trimmed(text);
    if (text.empty() || text.size() > 21) return std::nullopt;
    if (text.front() == '+') text.remove_prefix(1);
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<bool> boolean_of(std::string_view text) {
    text = trimmed(text);
    if (text == "true" || text == "1") return true;
    if (text == "false" || text == "0") return false;
    return std::nullopt;
}

std::optional<std::int64_t> datetime_of(std::string_view text) {
    text = trimmed(text);
    // YYYY-MM-DDTHH:MM:SS
    if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
        return std::nullopt;
    auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    auto hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
    if (*year < 1990 || *year > 2200 || *month < 1 || *month > 12 || *hour > 23 || *minute > 59 || *second > 60)
        return std::nullopt;
    static constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last_day = month_days[*month - 1] + (*month == 2 && leap(*year) ? 1 : 0);
    if (*day < 1 || *day > last_day) return std::nullopt;
    std::size_t at = 19;
    if (at < text.size() && text[at] == '.') {  // fraction: at least one digit, ignored
        std::size_t start = ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9' && at - start < 12) ++at;
        if (at == start) return std::nullopt;
    }
    std::int64_t offset = 0;
    if (at < text.size()) {
        if (text[at] == 'Z') {
            ++at;
        } else if (text[at] == '+' || text[at] == '-') {
            auto oh = digits(text, at + 1, 2), om = digits(text, at + 4, 2);
            if (!oh || !om || at + 3 >= text.size() || text[at + 3] != ':' || *oh > 14 || *om > 59) return std::nullopt;
            offset = (*oh * 3600 + *om * 60) * (text[at] == '+' ? 1 : -1);
            at += 6;
        } else {
            return std::nullopt;
        }
    }
    if (at != text.size()) return std::nullopt;
    std::int64_t days = days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
    return days * 86400 + *hour * 3600 + *minute * 60 + std::min(*second, 59) - offset;
}

}  // namespace virtcheck::vsphere
