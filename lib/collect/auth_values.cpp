#include "collect/auth_values.hpp"

#include <algorithm>
#include <sstream>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace virtcheck {
namespace {

std::string expected(std::initializer_list<std::string_view> keys) {
    std::string text;
    std::size_t i = 0;
    for (std::string_view key : keys) {
        if (i > 0) text += i + 1 == keys.size() ? " or " : ", ";
        text += std::string(key) + "=";
        ++i;
    }
    return text;
}

}  // namespace

std::map<std::string, std::string> auth_values(const std::string& text, const std::string& file,
                                               std::initializer_list<std::string_view> keys) {
    std::map<std::string, std::string> values;
    std::istringstream lines(text);
    int number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++number;
        line = trim_line(line);
        if (line.empty() || line.front() == '#') continue;
        auto eq = line.find('=');
        std::string key = eq == std::string::npos ? "" : trim_line(line.substr(0, eq));
        if (std::find(keys.begin(), keys.end(), key) == keys.end())
            throw UsageError("--auth-file " + file + ": line " + std::to_string(number) + " is not " + expected(keys));
        values[key] = trim_line(line.substr(eq + 1));
    }
    return values;
}

}  // namespace virtcheck
