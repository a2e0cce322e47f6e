#include "core/history.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "core/number.hpp"
#include "core/state_store.hpp"

namespace virtcheck {
namespace {

// Version 2 ends in "end CHECKSUM" over everything before it, as the state file does: a
// history cut short or changed is never trusted.
constexpr std::string_view header = "virtcheck-history 2";

std::string safe_key(const std::string& key) {
    std::string safe = key.substr(0, History::max_key);
    for (char& c : safe)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return safe;
}

// `digits` significant digits (at most six decimals): enough for a fill or a band, short in the file.
std::string compact(double value, int digits) {
    double magnitude = std::fabs(value);
    int decimals = magnitude > 0 ? digits - 1 - static_cast<int>(std::floor(std::log10(magnitude))) : 0;
    return format_number(value, std::clamp(decimals, 0, 6));
}

std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
        out.push_back(line.substr(start, tab - start));
    out.push_back(line.substr(start));
    return out;
}

std::optional<double> number(const std::string& text) {
    auto n = read_number_prefix(text);
    if (!n || n->length != text.size() || !std::isfinite(n->value)) return std::nullopt;
    return n->value;
}

}  // namespace

Series& History::series(const std::string& key) { return series_[safe_key(key)]; }
Baseline& History::baseline(const std::string& key) { return baselines_[safe_key(key)]; }

const Series* History::find_series(const std::string& key) const {
    auto it = series_.find(safe_key(key));
    return it == series_.end() ? nullptr : &it->second;
}

void History::expire(double now) {
    std::erase_if(series_, [&](const auto& e) { return e.second.points().empty() || now - e.second.last_time() > expire_after; });
    std::erase_if(baselines_, [&](const auto& e) { return now - e.second.last_time() > expire_after; });
    while (series_.size() + baselines_.size() > max_entries) {
        auto oldest_series = std::min_element(series_.begin(), series_.end(), [](const auto& a, const auto& b) {
            return a.second.last_time() < b.second.last_time();
        });
        auto oldest_baseline = std::min_element(baselines_.begin(), baselines_.end(), [](const auto& a, const auto& b) {
            return a.second.last_time() < b.second.last_time();
        });
        bool series_older = oldest_baseline == baselines_.end() ||
                            (oldest_series != series_.end() && oldest_series->second.last_time() <= oldest_baseline->second.last_time());
        if (series_older) series_.erase(oldest_series);
        else baselines_.erase(oldest_baseline);
    }
}

std::string format_history(const History& history, const std::string& owner) {
    std::string text = std::string(header) + "\nowner\t" + safe_key(owner) + "\n";
    for (const auto& [key, series] : history.all_series()) {
        text += "series\t" + key + "\t" + format_number(series.capacity(), 0) + "\t" +
                std::to_string(series.points().size()) + "\n";
        for (const auto& p : series.points()) text += format_number(p.time, 0) + "\t" + compact(p.value, 8) + "\n";
    }
    for (const auto& [key, baseline] : history.all_baselines()) {
        std::vector<int> used;
        for (int s = 0; s < Baseline::slots; ++s)
            if (baseline.all_slots()[static_cast<std::size_t>(s)].samples > 0) used.push_back(s);
        text += "baseline\t" + key + "\t" + format_number(baseline.last_time(), 0) + "\t" +
                format_number(baseline.step(), 1) + "\t" + std::to_string(used.size()) + "\n";
        for (int s : used) {
            const auto& slot = baseline.all_slots()[static_cast<std::size_t>(s)];
            text += std::to_string(s) + "\t" + std::to_string(slot.samples) + "\t" + compact(slot.mean, 5) + "\t" +
                    compact(std::sqrt(std::max(slot.variance, 0.0)), 4) + "\t" + format_number(slot.covered, 0) + "\n";
        }
    }
    return text + "end " + content_checksum(text) + "\n";
}

std::optional<History> parse_history(const std::string& text, const std::string& owner, std::string& why) {
    why = "unreadable";
    std::string_view all(text);
    if (!all.starts_with(std::string(header) + "\n") || !all.ends_with("\n")) return std::nullopt;
    auto end_line = all.rfind('\n', all.size() - 2);
    std::string_view body = all.substr(0, end_line + 1), trailer = all.substr(end_line + 1);
    if (trailer != "end " + content_checksum(body) + "\n") {
        why = "unreadable (cut short or changed: its checksum does not match)";
        return std::nullopt;
    }
    std::istringstream in{std::string(body)};
    std::string line;
    std::getline(in, line);  // the header
    if (!std::getline(in, line)) return std::nullopt;
    auto head = fields(line);
    if (head.size() != 2 || head[0] != "owner") return std::nullopt;
    if (head[1] != safe_key(owner)) {
        why = "foreign (" + head[1].substr(0, 80) + ")";
        return std::nullopt;
    }
    History history;
    std::size_t entries = 0;
    // Reads `count` lines of `width` numbers each.
    auto rows = [&](std::size_t count, std::size_t width, std::size_t limit) -> std::optional<std::vector<std::vector<double>>> {
        if (count > limit) return std::nullopt;
        std::vector<std::vector<double>> out;
        for (std::size_t i = 0; i < count; ++i) {
            if (!std::getline(in, line)) return std::nullopt;
            auto f = fields(line);
            if (f.size() != width) return std::nullopt;
            std::vector<double> row;
            for (const auto& field : f) {
                auto n = number(field);
                if (!n) return std::nullopt;
                row.push_back(*n);
            }
            out.push_back(std::move(row));
        }
        return out;
    };
    while (std::getline(in, line)) {
        auto f = fields(line);
        if (++entries > History::max_entries || (f.size() != 5 && f.size() != 4)) return std::nullopt;
        if (f[0] == "series" && f.size() == 4) {
            auto capacity = number(f[2]), count = number(f[3]);
            if (!capacity || !count || *capacity < 0 || *count < 0) return std::nullopt;
            auto points = rows(static_cast<std::size_t>(*count), 2, Series::max_points);
            if (!points || history.all_series().count(f[1])) return std::nullopt;
            std::vector<Point> p;
            for (const auto& row : *points) p.push_back({row[0], row[1]});
            history.series(f[1]) = Series(std::move(p), *capacity);
        } else if (f[0] == "baseline" && f.size() == 5) {
            auto last = number(f[2]), step = number(f[3]), count = number(f[4]);
            if (!last || !step || !count || *count < 0 || *step < 0 || *step > Baseline::max_step) return std::nullopt;
            auto slots = rows(static_cast<std::size_t>(*count), 5, Baseline::slots);
            if (!slots || history.all_baselines().count(f[1])) return std::nullopt;
            Baseline& baseline = history.baseline(f[1]);
            baseline.restore_clock(*last, *step);
            for (const auto& row : *slots) {
                int slot = static_cast<int>(row[0]);
                if (row[0] != slot || slot < 0 || slot >= Baseline::slots || row[1] < 1 || row[1] > 1e9 ||
                    row[3] < 0 || row[4] < 0 || row[4] > 7 * 24 * 3600.0)
                    return std::nullopt;
                baseline.restore(slot, {row[2], row[3] * row[3], row[4], static_cast<std::uint32_t>(row[1])});
            }
        } else {
            return std::nullopt;
        }
    }
    return history;
}

}  // namespace virtcheck
