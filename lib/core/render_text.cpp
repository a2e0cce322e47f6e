#include "core/render.hpp"

#include <algorithm>

#include "core/perfdata_fit.hpp"
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

std::string cut_to(const std::string& text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    return std::string(cut_utf8(text, max_bytes > 3 ? max_bytes - 3 : 0)) + "...";
}

}  // namespace

std::string render_text(const Result& result, const RenderOptions& options) {
    std::string head = std::string(options.shortname) + " " + std::string(state_name(result.overall()));
    std::string text = without_semicolons(escape_text(summary(result)));
    if (!text.empty()) head += " - " + text;
    // Line 1 fits in the limit (Nagios keeps the first 8 KiB). When all its perfdata does not
    // fit, the summary keeps up to half of it, and the perfdata of the worst objects the rest,
    // saying how many were left out.
    const std::size_t limit = options.max_bytes;
    PerfdataItems items(result);
    // Perfdata longer than the limit takes the same branches whatever its length: the items
    // are formatted only up to there.
    std::optional<std::string> whole = items.joined_within(limit);
    std::string perf = whole ? std::move(*whole) : std::string();
    const bool no_perf = whole && perf.empty();
    const std::size_t perf_size = whole ? perf.size() : limit + 1;
    if (head.size() + (no_perf ? 0 : 3 + perf_size) + 1 > limit) {
        if (no_perf || perf_size + 4 + std::min(head.size(), limit / 2) <= limit) {
            head = cut_to(head, limit - 1 - (no_perf ? 0 : 3 + perf_size));
        } else {
            head = cut_to(head, limit / 2);
            constexpr std::size_t note_room = 96;
            auto fitted = fit_perfdata(result, items, limit > head.size() + note_room + 4 ? limit - head.size() - note_room - 4 : 0);
            if (fitted.left_out > 0)
                head += " (perfdata of " + std::to_string(fitted.left_out) + " of " + std::to_string(fitted.objects) +
                        " objects left out to stay under " + std::to_string(limit / 1024) + " KiB, see --top)";
            perf = fitted.text;
        }
    }
    std::string out = head + (perf.empty() ? "" : " | " + perf) + "\n";

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
