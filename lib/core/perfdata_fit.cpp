#include "core/perfdata_fit.hpp"

#include <algorithm>

namespace virtcheck {
namespace {

bool has_perfdata(const Result& node) {
    if (!node.perfdata.empty()) return true;
    return std::any_of(node.partials.begin(), node.partials.end(), has_perfdata);
}

void clear_perfdata(Result& node) {
    node.perfdata.clear();
    for (auto& partial : node.partials) clear_perfdata(partial);
}

// The tree with only the perfdata of the root and of the objects `kept` marks. The labels
// come from collect_perfdata() on it, so they are made unique the one way they always are.
std::string text_keeping(const Result& result, const std::vector<bool>& kept) {
    Result pruned = result;
    for (std::size_t i = 0; i < pruned.partials.size(); ++i)
        if (!kept[i]) clear_perfdata(pruned.partials[i]);
    return perfdata_text(pruned);
}

}  // namespace

std::string perfdata_text(const Result& result) {
    std::string text;
    for (const auto& item : collect_perfdata(result)) text += (text.empty() ? "" : " ") + format_perfdata(item);
    return text;
}

FittedPerfdata fit_perfdata(const Result& result, std::size_t budget) {
    FittedPerfdata fitted;
    std::vector<std::size_t> objects;
    for (std::size_t i = 0; i < result.partials.size(); ++i)
        if (has_perfdata(result.partials[i])) objects.push_back(i);
    fitted.objects = objects.size();
    fitted.text = perfdata_text(result);
    if (fitted.text.size() <= budget) return fitted;

    // Worst first; among equals the order the evaluator gave (by name, or by rank).
    std::stable_sort(objects.begin(), objects.end(), [&](std::size_t a, std::size_t b) {
        return severity(result.partials[a].overall()) > severity(result.partials[b].overall());
    });
    auto keeping_first = [&](std::size_t count) {
        std::vector<bool> kept(result.partials.size(), false);
        for (std::size_t n = 0; n < count; ++n) kept[objects[n]] = true;
        return text_keeping(result, kept);
    };
    // The text grows with every object kept: the most that fit, by bisection.
    std::size_t low = 0, high = objects.size();
    while (low < high) {
        std::size_t middle = (low + high + 1) / 2;
        if (keeping_first(middle).size() <= budget) low = middle;
        else high = middle - 1;
    }
    fitted.text = keeping_first(low);
    fitted.left_out = objects.size() - low;
    // Only the check's own figures, and still too many: whole items from the end go.
    while (fitted.text.size() > budget) {
        auto space = fitted.text.rfind(' ');
        fitted.text.resize(space == std::string::npos ? 0 : space);
    }
    return fitted;
}

}  // namespace virtcheck
