#pragma once
// The result tree: an overall result with partial results (one per object or per rule),
// each with a state, one line of text and its perfdata. Renderers turn it into output.
#include <string>
#include <vector>

#include "core/perfdata.hpp"
#include "core/state.hpp"

namespace virtcheck {

struct Result {
    State state = State::Ok;        // this node's own state; see overall()
    std::string text{};               // one line; may hold outside text (escaped when rendered)
    std::vector<Result> partials{};
    std::vector<Perfdata> perfdata{};
    bool summarizes_partials = false;  // text already names the failing partial results

    // The worst of this node's own state and all partial results below it.
    State overall() const;

    Result& add(Result partial) { return partials.emplace_back(std::move(partial)); }
};

// Line-1 summary: the texts of the worst partial results first (up to three), then the
// node's own text. Not escaped.
std::string summary(const Result& result);

// All perfdata of the tree in order, labels made unique ("x", "x_2", ...).
std::vector<Perfdata> collect_perfdata(const Result& result);

}  // namespace virtcheck
