#pragma once
// toml++ 3.3.0 (Debian 12) reaches __builtin_unreachable() in its unicode tables for some
// non-ASCII characters where it asks "is this whitespace?" (is_non_ascii_horizontal_whitespace
// for U+00A1..U+0499, U+2C8E..U+3087 and U+FC76..U+FEFE; found by the fuzz target under
// UBSan): undefined behaviour. It asks that outside strings, inside the lookahead of a bare
// value (number, date) that runs on into a quote, and in multi-line strings after a backslash. Configuration and secrets files need non-ASCII text only inside
// properly opened strings and in comments, so anything else is refused before toml++ sees it,
// as are control characters (TOML forbids them anyway).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace virtcheck::alert {

struct TomlGuardProblem {
    std::size_t line;  // 1-based
    std::string what;  // "a non-ASCII character outside a string or comment", "a control character"
};

std::optional<TomlGuardProblem> toml_guard_problem(std::string_view text);

}  // namespace virtcheck::alert
