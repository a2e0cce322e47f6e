#include "evaluate/objects.hpp"

#include <algorithm>

namespace virtcheck {

State inactive_state(const Selection& selection, const std::string& name, std::optional<bool> autostart) {
    const auto& named = selection.named();
    bool asked_for = std::find(named.begin(), named.end(), name) != named.end();
    return asked_for || autostart.value_or(false) ? State::Critical : State::Ok;
}

std::string autostart_note(std::optional<bool> autostart) {
    if (!autostart) return "";
    return *autostart ? " (autostart)" : " (not autostarted)";
}

void summarize_objects(Result& root, std::size_t selected, const Selection& selection, const std::string& noun_override,
                       const std::string& details, const std::string& when_ok) {
    const std::size_t top = selection.top();
    root.summarizes_partials = true;
    const std::string noun = noun_override.empty() ? selection.noun() : noun_override;
    const std::string plural = noun + "s";
    if (selected == 0 && root.partials.empty()) {
        root.state = selection.no_match_state();
        root.text = "no " + noun + " matches the selection";
        return;
    }
    State worst_state = root.overall();
    std::vector<const Result*> worst;
    for (const auto& partial : root.partials)
        if (partial.overall() == worst_state) worst.push_back(&partial);
    std::string text;
    if (worst_state == State::Ok) {
        text = std::to_string(selected) + " " + (selected == 1 ? noun : plural) + " OK";
    } else {
        text = std::to_string(worst.size()) + " of " + std::to_string(selected) + " " +
               plural + " " + std::string(state_name(worst_state)) + ": ";
        for (std::size_t i = 0; i < worst.size() && i < top; ++i) text += (i ? ", " : "") + worst[i]->text;
        if (worst.size() > top) text += " (+" + std::to_string(worst.size() - top) + " more)";
    }
    if (worst_state == State::Ok && !when_ok.empty()) text += " - " + when_ok;
    if (!details.empty()) text += " - " + details;
    root.text = text;
}

}  // namespace virtcheck
