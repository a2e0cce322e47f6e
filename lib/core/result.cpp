#include "core/result.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace virtcheck {
namespace {

constexpr std::size_t summary_problems = 3;

// Eight hex digits of FNV-1a: short, stable across runs and builds.
std::string short_hash(const std::string& text) {
    std::uint32_t hash = 2166136261u;
    for (unsigned char c : text) hash = (hash ^ c) * 16777619u;
    char buffer[9];
    std::snprintf(buffer, sizeof buffer, "%08x", hash);
    return buffer;
}

void gather(const Result& node, std::vector<Perfdata>& out) {
    out.insert(out.end(), node.perfdata.begin(), node.perfdata.end());
    for (const auto& partial : node.partials) gather(partial, out);
}

}  // namespace

State Result::overall() const {
    State state_so_far = state;
    for (const auto& partial : partials) state_so_far = worst(state_so_far, partial.overall());
    return state_so_far;
}

std::string summary(const Result& result) {
    if (result.summarizes_partials) return result.text;
    std::vector<const Result*> problems;
    for (const auto& partial : result.partials)
        if (partial.overall() != State::Ok && !partial.text.empty()) problems.push_back(&partial);
    std::stable_sort(problems.begin(), problems.end(), [](const Result* a, const Result* b) {
        return severity(a->overall()) > severity(b->overall());
    });
    std::string text;
    for (std::size_t i = 0; i < problems.size() && i < summary_problems; ++i)
        text += (text.empty() ? "" : " - ") + problems[i]->text;
    if (problems.size() > summary_problems)
        text += " (+" + std::to_string(problems.size() - summary_problems) + " more)";
    if (!result.text.empty()) text += (text.empty() ? "" : " - ") + result.text;
    return text;
}

std::vector<Perfdata> collect_perfdata(const Result& result) {
    std::vector<Perfdata> all;
    gather(result, all);
    // A value that is unknown is left out (the text says why): graphers reject "U".
    std::erase_if(all, [](const Perfdata& item) { return !item.value || !std::isfinite(*item.value); });
    for (auto& item : all) item.label = perfdata_label(item.label, "");
    // Labels that two objects share get a suffix from each object's identity, so that a
    // series keeps its label whatever order the objects come in.
    // (Hash containers: a thousand-VM inventory has thousands of items.)
    struct Owners {
        const std::string* first;  // the identity of the first item with the label
        bool shared = false;       // another identity has it too
    };
    // Keys are views of the labels: nothing below changes one before the last lookup.
    std::unordered_map<std::string_view, Owners> owners;
    owners.reserve(all.size());
    bool distinct = true;
    for (const auto& item : all) {
        auto [at, inserted] = owners.try_emplace(item.label, Owners{&item.identity});
        if (inserted) continue;
        distinct = false;
        if (*at->second.first != item.identity) at->second.shared = true;
    }
    if (distinct) return all;  // the usual case: no suffix, no collision to resolve
    std::vector<bool> suffixed(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) suffixed[i] = owners.find(all[i].label)->second.shared;
    std::unordered_set<std::string> seen;
    seen.reserve(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        auto& item = all[i];
        if (suffixed[i]) item.label += "_" + short_hash(item.identity);
        if (seen.insert(item.label).second) continue;
        std::string label;
        for (int n = 2; !seen.insert(label = item.label + "_" + std::to_string(n)).second; ++n) {
        }
        item.label = std::move(label);
    }
    return all;
}

}  // namespace virtcheck
