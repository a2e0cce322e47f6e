#include "core/render.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace virtcheck {
namespace {

// Nagios rewrites ';' in plugin output as ':'; text that comes from outside must not carry it
// either. A comma reads as the ';' was meant.
std::string without_semicolons(std::string text) {
    std::replace(text.begin(), text.end(), ';', ',');
    return text;
}

void long_output(const Result& node, int depth, int verbosity, std::vector<std::string>& lines) {
    for (const auto& partial : node.partials) {
        State state = partial.overall();
        if (verbosity == 0 && state == State::Ok) continue;
        if (!partial.text.empty()) {
            std::string indent(depth * 2, ' ');
            if (depth > 0) indent += "\\_ ";
            lines.push_back(indent + "[" + std::string(state_name(state)) + "] " + without_semicolons(escape_text(partial.text)));
        }
        long_output(partial, depth + 1, verbosity, lines);
    }
}

}  // namespace

std::string render_text(const Result& result, const RenderOptions& options) {
    std::string perf;
    for (const auto& item : collect_perfdata(result)) perf += (perf.empty() ? "" : " ") + format_perfdata(item);
    const std::string perf_part = perf.empty() ? "" : " | " + perf;

    std::string head = std::string(options.shortname) + " " + std::string(state_name(result.overall()));
    std::string text = without_semicolons(escape_text(summary(result)));
    if (!text.empty()) head += " - " + text;
    // Line 1 must fit with its perfdata; perfdata is never cut. When perfdata alone is over the
    // limit, the summary still keeps a readable start.
    constexpr std::size_t min_summary = 256;
    if (head.size() + perf_part.size() + 1 > options.max_bytes) {
        std::size_t room = options.max_bytes > perf_part.size() + 4 ? options.max_bytes - perf_part.size() - 4 : 0;
        room = std::max(room, std::min(min_summary, options.max_bytes / 2));
        if (room < head.size()) head = std::string(cut_utf8(head, room)) + "...";
    }
    std::string out = head + perf_part + "\n";

    std::vector<std::string> lines;
    long_output(result, 0, options.verbosity, lines);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string note = "... " + std::to_string(lines.size() - i) + " more lines cut\n";
        bool last = i + 1 == lines.size();
        std::size_t needed = lines[i].size() + 1 + (last ? 0 : note.size());
        if (out.size() + needed > options.max_bytes) {
            if (out.size() + note.size() <= options.max_bytes) out += note;
            break;
        }
        out += lines[i] + "\n";
    }
    return out;
}

std::string render(const Result& result, const RenderOptions& options, OutputFormat format) {
    return format == OutputFormat::Json ? render_json(result, options) : render_text(result, options);
}

}  // namespace virtcheck
