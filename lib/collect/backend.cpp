#include "collect/backend.hpp"

#include <stdexcept>

#include "core/errors.hpp"
#include "model/facts.hpp"

namespace virtcheck {

Backends::Backends(Cli& cli, Target target, unsigned stats) : target_(target) {
    std::string auth_help;
    for (const auto& entry : registry()) {
        if (!entry.serves(target, stats)) continue;
        auto& backend = backends_.emplace_back(entry.make(cli, common_, target));
        std::string heading = backend->options_heading();
        groups_.push_back(heading.empty() ? static_cast<CLI::App*>(&cli) : cli.add_option_group(heading));
        if (*entry.auth_file_help) auth_help += (auth_help.empty() ? "" : ", or ") + std::string(entry.auth_file_help);
    }
    if (backends_.empty()) throw std::logic_error("no backend serves this check's target");
    add_next_options();
    if (!auth_help.empty())
        cli.add_option("--auth-file", common_.auth_file, "Credentials off argv: " + auth_help + " (mode 0600)")
            ->option_text("FILE");
    if (with_options_ < backends_.size()) cli.hold_back([this] { return add_next_options(); });
}

bool Backends::add_next_options() {
    if (with_options_ == backends_.size()) return false;
    backends_[with_options_]->add_options(*groups_[with_options_]);
    ++with_options_;
    return true;
}

Backend& Backends::choose() const {
    Backend* chosen = nullptr;
    for (const auto& backend : backends_)
        if (backend->chosen()) {
            if (chosen)
                throw UsageError("give the options of one backend: " + chosen->name() + " (" + chosen->how_to_choose() +
                                 ") or " + backend->name() + " (" + backend->how_to_choose() + "), not both");
            chosen = backend.get();
        }
    return chosen ? *chosen : *backends_.front();
}

void Backends::require(unsigned facts, const std::string& what, const std::string& verb, const Backend& chosen) const {
    unsigned missing = facts & ~chosen.facts(target_);
    if (!missing) return;
    std::string able;
    const Backend* hint = nullptr;
    for (const auto& backend : backends_)
        if ((backend->facts(target_) & facts) == facts) {
            able += (able.empty() ? "" : " or ") + backend->name();
            if (!hint) hint = backend.get();
        }
    std::string text = what + " " + verb + " " + (able.empty() ? "another backend" : able) + ", not " + chosen.name() +
                       " (no " + model::describe_facts(missing) + ")";
    if (hint && hint != backends_.front().get()) text += ", choose " + hint->name() + " with " + hint->how_to_choose();
    throw UsageError(text);
}

}  // namespace virtcheck
