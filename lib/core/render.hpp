#pragma once
// Turning a result tree into plugin output: the Nagios text form or JSON.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace virtcheck {

enum class OutputFormat { Text, Json };

struct RenderOptions {
    std::string_view shortname;    // "HYPERVISOR"
    int verbosity = 0;             // 0: long output lists non-OK partial results; >= 1: all
    std::size_t max_bytes = 8192;  // whole output; long output is cut first, perfdata never
};

// SHORTNAME STATE - summary | perfdata, then long output lines; ends with a newline.
std::string render_text(const Result& result, const RenderOptions& options);

// The same tree as one JSON object (for cron and scripts); ends with a newline.
std::string render_json(const Result& result, const RenderOptions& options);

std::string render(const Result& result, const RenderOptions& options, OutputFormat format);

}  // namespace virtcheck
