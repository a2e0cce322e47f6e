#include "core/selection.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace virtcheck {

State parse_state(const std::string& text, const std::string& option) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "ok") return State::Ok;
    if (lower == "warning") return State::Warning;
    if (lower == "critical") return State::Critical;
    if (lower == "unknown") return State::Unknown;
    throw UsageError(option + ": '" + text + "' is not ok, warning, critical or unknown");
}

Selection::Selection(Cli& cli, const std::string& noun) : noun_(noun) {
    auto* group = cli.add_option_group("selection");
    std::string lower = noun;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    group->add_option("--" + lower, names_, "Check this " + noun + " (exact name, repeatable); missing is CRITICAL")
        ->option_text("NAME");
    group->add_option("--include", include_text_, "Only " + noun + "s whose name or UUID matches (repeatable)")
        ->option_text("REGEX");
    group->add_option("--exclude", exclude_text_, "Skip " + noun + "s whose name or UUID matches (repeatable)")
        ->option_text("REGEX");
    group->add_option("--no-match", no_match_text_, "State when nothing is selected (default unknown)")
        ->option_text("STATE");
    group->add_option("--top", top_, "How many objects the summary names, worst or busiest first (default 3)")
        ->check(CLI::Range(1, 1000))
        ->option_text("N");
}

void Selection::prepare() {
    auto compile = [](const std::vector<std::string>& texts, const char* option) {
        std::vector<std::regex> compiled;
        for (const auto& text : texts) {
            try {
                compiled.emplace_back(text, std::regex::ECMAScript | std::regex::optimize);
            } catch (const std::regex_error& e) {
                throw UsageError(std::string(option) + ": '" + text + "' is not a regular expression (" + e.what() + ")");
            }
        }
        return compiled;
    };
    include_ = compile(include_text_, "--include");
    exclude_ = compile(exclude_text_, "--exclude");
    no_match_ = parse_state(no_match_text_, "--no-match");
}

bool Selection::selects(const std::string& name, const std::string& uuid) const {
    auto matches = [&](const std::regex& pattern) {
        return std::regex_search(name, pattern) || (!uuid.empty() && std::regex_search(uuid, pattern));
    };
    if (!names_.empty() && std::find(names_.begin(), names_.end(), name) == names_.end()) return false;
    if (!include_.empty() && std::none_of(include_.begin(), include_.end(), matches)) return false;
    return std::none_of(exclude_.begin(), exclude_.end(), matches);
}

}  // namespace virtcheck
