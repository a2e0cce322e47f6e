#pragma once
// A result tree's perfdata as the plugin prints it, each item followed by a space.
#include <string>

#include "core/perfdata.hpp"
#include "core/result.hpp"

namespace virtcheck {

inline std::string perf_of(const Result& result) {
    std::string text;
    for (const auto& p : collect_perfdata(result)) text += format_perfdata(p) + " ";
    return text;
}

}  // namespace virtcheck
