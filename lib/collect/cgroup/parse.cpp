#include "collect/cgroup/parse.hpp"

#include <charconv>
#include <cstdlib>

namespace virtcheck::cgroup {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n')) text.remove_suffix(1);
    return text;
}

std::optional<std::uint64_t> whole_number(std::string_view text) {
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

// Splits off the next whitespace-separated field.
std::string_view next_field(std::string_view& text) {
    text = trim(text);
    auto space = text.find_first_of(" \t");
    std::string_view field = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space);
    return field;
}

}  // namespace

std::optional<std::map<std::string, std::uint64_t>> parse_keyed(std::string_view text) {
    std::map<std::string, std::uint64_t> values;
    while (!text.empty()) {
        auto newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
        if (trim(line).empty()) continue;
        std::string_view key = next_field(line);
        auto value = whole_number(next_field(line));
        if (!value || !trim(line).empty()) return std::nullopt;
        values[std::string(key)] = *value;
    }
    return values;
}

std::optional<Limit> parse_limit(std::string_view text) {
    text = trim(text);
    if (text == "max") return Limit{true, 0};
    if (auto value = whole_number(text)) return Limit{false, *value};
    return std::nullopt;
}

std::optional<CpuLimit> parse_cpu_max(std::string_view text) {
    std::string_view quota = next_field(text);
    auto period = whole_number(next_field(text));
    if (!period || *period == 0 || !trim(text).empty()) return std::nullopt;
    if (quota == "max") return CpuLimit{true, 0};
    auto microseconds = whole_number(quota);
    if (!microseconds) return std::nullopt;
    return CpuLimit{false, static_cast<double>(*microseconds) / static_cast<double>(*period)};
}

std::optional<double> parse_pressure_avg10(std::string_view text) {
    while (!text.empty()) {
        auto newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
        if (next_field(line) != "some") continue;
        for (std::string_view field = next_field(line); !field.empty(); field = next_field(line)) {
            if (!field.starts_with("avg10=")) continue;
            field.remove_prefix(6);
            double value = 0;
            auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
            if (ec != std::errc{} || end != field.data() + field.size() || value < 0 || value > 100) return std::nullopt;
            return value;
        }
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<V2Mount> find_v2_mount(std::string_view mountinfo) {
    std::optional<V2Mount> found;
    bool v1 = false;
    while (!mountinfo.empty()) {
        auto newline = mountinfo.find('\n');
        std::string_view line = mountinfo.substr(0, newline);
        mountinfo = newline == std::string_view::npos ? std::string_view{} : mountinfo.substr(newline + 1);
        // "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER"
        auto separator = line.find(" - ");
        if (separator == std::string_view::npos) continue;
        std::string_view rest = line.substr(separator + 3);
        std::string_view type = next_field(rest);
        std::string_view fields = line.substr(0, separator);
        for (int i = 0; i < 4; ++i) next_field(fields);
        std::string_view mount_point = next_field(fields);
        if (type == "cgroup") v1 = true;
        if (type == "cgroup2" && !found) found = V2Mount{std::string(mount_point), false};
    }
    if (found) found->hybrid = v1;
    return found;
}

std::string unescape_unit(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '\\' && i + 3 < name.size() && name[i + 1] == 'x') {
            char hex[3] = {name[i + 2], name[i + 3], 0};
            char* end = nullptr;
            long value = std::strtol(hex, &end, 16);
            if (end == hex + 2 && value > 0) {
                out += static_cast<char>(value);
                i += 3;
                continue;
            }
        }
        out += name[i];
    }
    return out;
}

}  // namespace virtcheck::cgroup
