#include "collect/backend.hpp"

#include "core/errors.hpp"
#include "model/facts.hpp"

namespace virtcheck {

Backends::Backends(Cli& cli, Target target, unsigned stats) : target_(target) {
    std::string auth_help;
    for (const auto& entry : registry()) {
        if (!entry.serves(target, stats)) continue;
        backends_.push_back(entry.make(cli, common_, target));
        if (*entry.auth_file_help) auth_help += (auth_help.empty() ? "" : ", or ") + std::string(entry.auth_file_help);
    }
    if (!auth_help.empty())
        cli.add_option("--auth-file", common_.auth_file, "Credentials off argv: " + auth_help + " (mode 0600)")
            ->option_text("FILE");
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
