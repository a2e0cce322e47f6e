#pragma once
// The base unit of a metric, and reading quantities with units ("500ms", "10GiB", "80%")
// into that base unit. Thresholds and perfdata are always kept in the base unit.
#include <stdexcept>
#include <string>
#include <string_view>

namespace virtcheck {

enum class Unit {
    Count,           // plain number, no unit accepted
    Seconds,         // ns us ms s m min h d w
    Bytes,           // B; kB MB GB TB PB (powers of 1000); KiB MiB GiB TiB PiB (powers of 1024)
    Percent,         // %
    BytesPerSecond,  // any byte unit followed by /s
    PerSecond,       // /s
};

// A threshold or quantity the user wrote that cannot be read; the text says why.
struct ThresholdError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// Perfdata unit of measurement for values in the base unit ("s", "B", "%" or "").
std::string_view perfdata_uom(Unit unit);

// The units a user may write for this base unit, for error messages and --help.
std::string_view accepted_units(Unit unit);

// Factor that converts a value written with `suffix` into `unit` (suffix "" is the base unit).
// Throws ThresholdError when the suffix is not a unit of that kind.
double unit_factor(std::string_view suffix, Unit unit);

// "10GiB" -> 10737418240 for Unit::Bytes. Throws ThresholdError.
double parse_quantity(std::string_view text, Unit unit);

}  // namespace virtcheck
