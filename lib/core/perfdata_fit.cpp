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

}  // namespace

PerfdataItems::PerfdataItems(const Result& result) : items_(collect_perfdata(result)), texts_(items_.size()) {}

const std::string& PerfdataItems::text(std::size_t index) {
    std::string& text = texts_.at(index);
    if (text.empty()) text = format_perfdata(items_[index]);
    return text;
}

std::optional<std::string> PerfdataItems::joined_within(std::size_t max_bytes) {
    std::string joined;
    for (std::size_t i = 0; i < items_.size(); ++i) {
        const std::string& item = text(i);
        if (joined.size() + (i ? 1 : 0) + item.size() > max_bytes) return std::nullopt;
        if (i) joined += ' ';
        joined += item;
    }
    return joined;
}

FittedPerfdata fit_perfdata(const Result& result, PerfdataItems& items, std::size_t budget) {
    // The labels are those of the whole tree (collect_perfdata makes them unique), so an
    // object's label is the same whether or not another one's perfdata is left out.
    FittedPerfdata fitted;
    const std::size_t own = std::count_if(result.perfdata.begin(), result.perfdata.end(), known);
    struct Object {
        std::size_t first, count;
        int severity;
    };
    std::vector<Object> objects;
    for (std::size_t i = 0, next = own; i < result.partials.size(); ++i) {
        std::size_t count = items_in(result.partials[i]);
        if (count == 0) continue;
        objects.push_back({next, count, severity(result.partials[i].overall())});
        next += count;
    }
    fitted.objects = objects.size();
    if (auto whole = items.joined_within(budget)) {
        fitted.text = std::move(*whole);
        return fitted;
    }

    // The check's own figures first; then objects worst first (among equals in the tree's
    // order), each whole, while they fit.
    std::vector<bool> kept(items.size(), false);
    std::size_t used = 0;
    for (std::size_t n = 0; n < own; ++n) {
        const std::size_t bytes = items.text(n).size() + (used ? 1 : 0);
        if (used + bytes > budget) break;
        used += bytes;
        kept[n] = true;
    }
    std::vector<const Object*> by_state;
    for (const auto& object : objects) by_state.push_back(&object);
    std::stable_sort(by_state.begin(), by_state.end(),
                     [](const Object* a, const Object* b) { return a->severity > b->severity; });
    std::size_t left_out = 0;
    for (const Object* object : by_state) {
        // Only the objects tried are formatted: after the first that does not fit, none is.
        std::size_t bytes = 0;
        if (left_out == 0)
            for (std::size_t n = object->first; n < object->first + object->count; ++n) bytes += items.text(n).size() + 1;
        if (left_out == 0 && used + bytes <= budget) {
            used += bytes;
            for (std::size_t n = object->first; n < object->first + object->count; ++n) kept[n] = true;
        } else {
            ++left_out;  // the first that does not fit ends it: no better object is skipped for a smaller one
        }
    }
    for (std::size_t n = 0; n < items.size(); ++n) {
        if (!kept[n]) continue;
        if (!fitted.text.empty()) fitted.text += ' ';
        fitted.text += items.text(n);
    }
    fitted.left_out = left_out;
    return fitted;
}

}  // namespace virtcheck
