#pragma once
// Which objects a check looks at: --vm NAME (exact, repeatable; a named object that does not
// exist is CRITICAL), --include/--exclude REGEX (repeatable, on name or UUID), and
// --no-match STATE for an empty selection.
#include <regex>
#include <string>
#include <vector>

#include "core/cli.hpp"
#include "core/state.hpp"

namespace virtcheck {

class Selection {
public:
    // `noun` names the objects in --help: "VM", "container".
    Selection(Cli& cli, const std::string& noun);
    // Everything, without options: for objects a check lists but lets no one pick (hosts of
    // a management server, narrowed by its backend's own options).
    explicit Selection(std::string noun) : noun_(std::move(noun)) {}

    // Compiles the patterns; call inside the run. Throws UsageError for a bad regex or state.
    void prepare();

    bool selects(const std::string& name, const std::string& uuid) const;
    const std::vector<std::string>& named() const { return names_; }
    State no_match_state() const { return no_match_; }
    std::size_t top() const { return top_; }  // how many objects a summary names
    const std::string& noun() const { return noun_; }

private:
    std::string noun_;
    std::vector<std::string> names_;
    std::vector<std::string> include_text_, exclude_text_;
    std::vector<std::regex> include_, exclude_;
    std::string no_match_text_ = "unknown";
    State no_match_ = State::Unknown;
    std::size_t top_ = 3;
};

// "ok", "warning", "critical", "unknown" (any case). Throws UsageError.
State parse_state(const std::string& text, const std::string& option);

}  // namespace virtcheck
