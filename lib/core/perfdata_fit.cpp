#include "core/perfdata_fit.hpp"

#include <algorithm>
#include <cmath>

namespace virtcheck {
namespace {

bool known(const Perfdata& item) { return item.value && std::isfinite(*item.value); }

// How many items collect_perfdata() gives for this subtree: it takes them in tree order
// (a node's own, then each partial's) and leaves out the unknown ones.
std::size_t items_in(const Result& node) {
    std::size_t count = std::count_if(node.perfdata.begin(), node.perfdata.end(), known);
    for (const auto& partial : node.partials) count += items_in(partial);
    return count;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : " ") + item;
    return text;
}

}  // namespace

std::string perfdata_text(const Result& result) {
    std::string text;
    for (const auto& item : collect_perfdata(result)) text += (text.empty() ? "" : " ") + format_perfdata(item);
    return text;
}

FittedPerfdata fit_perfdata(const Result& result, std::size_t budget) {
    // The labels are those of the whole tree (collect_perfdata makes them unique), so an
    // object's label is the same whether or not another one's perfdata is left out.
    std::vector<std::string> items;
    for (const auto& item : collect_perfdata(result)) items.push_back(format_perfdata(item));

    FittedPerfdata fitted;
    fitted.text = joined(items);
    const std::size_t own = std::count_if(result.perfdata.begin(), result.perfdata.end(), known);
    struct Object {
        std::size_t first, count, bytes;
        int severity;
    };
    std::vector<Object> objects;
    for (std::size_t i = 0, next = own; i < result.partials.size(); ++i) {
        std::size_t count = items_in(result.partials[i]);
        if (count == 0) continue;
        std::size_t bytes = 0;
        for (std::size_t n = next; n < next + count; ++n) bytes += items[n].size() + 1;
        objects.push_back({next, count, bytes, severity(result.partials[i].overall())});
        next += count;
    }
    fitted.objects = objects.size();
    if (fitted.text.size() <= budget) return fitted;

    // The check's own figures first; then objects worst first (among equals in the tree's
    // order), each whole, while they fit.
    std::vector<bool> kept(items.size(), false);
    std::size_t used = 0;
    for (std::size_t n = 0; n < own; ++n) {
        if (used + items[n].size() + (used ? 1 : 0) > budget) break;
        used += items[n].size() + (used ? 1 : 0);
        kept[n] = true;
    }
    std::vector<const Object*> by_state;
    for (const auto& object : objects) by_state.push_back(&object);
    std::stable_sort(by_state.begin(), by_state.end(),
                     [](const Object* a, const Object* b) { return a->severity > b->severity; });
    std::size_t left_out = 0;
    for (const Object* object : by_state) {
        if (left_out == 0 && used + object->bytes <= budget) {
            used += object->bytes;
            for (std::size_t n = object->first; n < object->first + object->count; ++n) kept[n] = true;
        } else {
            ++left_out;  // the first that does not fit ends it: no better object is skipped for a smaller one
        }
    }
    std::vector<std::string> shown;
    for (std::size_t n = 0; n < items.size(); ++n)
        if (kept[n]) shown.push_back(items[n]);
    fitted.text = joined(shown);
    fitted.left_out = left_out;
    return fitted;
}

}  // namespace virtcheck
