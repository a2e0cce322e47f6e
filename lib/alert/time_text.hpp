#pragma once
// Durations ("2h", "90d", through core/units) and points in time as people read and write
// them, and the RFC 5322 date of mail headers.
#include <string>
#include <string_view>

namespace virtcheck::alert {

// "90d" -> 7776000, "0" -> 0. Throws UsageError naming the text.
double parse_duration(std::string_view text);

// 7200 -> "2h", 5400 -> "1h 30m", 42 -> "42s".
std::string format_duration(double seconds);

// "2024-05-01 10:00", "2024-05-01T10:00:30" (local time) or "@1714557600" (epoch).
// Throws UsageError.
double parse_time(std::string_view text);

// Local time, "2024-05-01 10:00:00".
std::string format_time(double epoch);

// "Wed, 01 May 2024 10:00:00 +0200" (local time zone).
std::string mail_date(double epoch);

}  // namespace virtcheck::alert
