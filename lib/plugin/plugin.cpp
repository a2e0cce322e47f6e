#include "plugin/plugin.hpp"

#include <cctype>

#include "core/errors.hpp"
#include "model/facts.hpp"

namespace virtcheck {
namespace {

// "VM_CPU" -> "check_vm_cpu": the state file keeps the name whatever the executable is called.
std::string check_name(const std::string& shortname) {
    std::string name = "check_";
    for (char c : shortname) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name;
}

}  // namespace

Check::Check(Run& run, Backend& backend, unsigned facts, const Selection* selection, const RateOptions* rates,
             std::string name)
    : run_(run), backend_(backend), facts_(facts), selection_(selection), rates_(rates), name_(std::move(name)) {}

const Selection& Check::selection() const {
    if (!selection_) throw std::logic_error("this check selects no objects");
    return *selection_;
}

Source& Check::source(Access access) {
    if (!source_) {
        source_ = backend_.open(access, run_);
    }
    return *source_;
}

void Check::add_remarks(Result& result) const {
    if (!source_) return;
    // First in the long output, where a cut for length never reaches them.
    auto remarks = source_->remarks(verbosity());
    for (auto it = remarks.rbegin(); it != remarks.rend(); ++it)
        result.partials.insert(result.partials.begin(), Result{State::Ok, std::move(*it)});
}

Rates Check::measure_rates(const std::function<Sample()>& collect, std::string& note) {
    if (!rates_) throw std::logic_error("this check keeps no rates");
    return rates_->measure(name_, source().key(), run_, collect, note);
}

Plugin::Plugin(std::string shortname, std::string description, const MetricTable& metrics)
    : runtime_(std::move(shortname), std::move(description), metrics) {
    // -H lookups by address family: only where the backend looks the name up itself.
    for (const char* family : {"-4", "-6"}) needs(model::FactAddressFamily, options().get_option(family));
}

Plugin& Plugin::examples(std::vector<std::string> lines) {
    options().add_examples(std::move(lines));
    return *this;
}

Plugin& Plugin::target(Target target, unsigned stats) {
    backends_ = std::make_unique<Backends>(options(), target, stats);
    return *this;
}

Plugin& Plugin::select(const std::string& noun) {
    selection_ = std::make_unique<Selection>(options(), noun);
    return *this;
}

Plugin& Plugin::rates(unsigned needs) {
    rates_ = std::make_unique<RateOptions>(options());
    rates_need_ = needs;
    return *this;
}

CLI::Option* Plugin::needs(unsigned facts, CLI::Option* option) {
    options_needing_.emplace_back(facts, option);
    return option;
}

int Plugin::run(int argc, const char* const* argv, const Body& body) {
    return runtime_.run(argc, argv, [&](Run& run) { return checked(run, body); });
}

Result Plugin::checked(Run& run, const Body& body) {
    if (selection_) selection_->prepare();
    if (!backends_) throw std::logic_error("a check names its target");
    Backend& backend = backends_->choose();
    // What the chosen backend cannot give is refused before any work, in one wording.
    for (const Metric* metric : options().metrics().all())
        if (metric->needs && run.thresholds().given_by_user(*metric))
            backends_->require(metric->needs, metric->name + " thresholds", "need", backend);
    for (const auto& [facts, option] : options_needing_)
        if (option->count() > 0) backends_->require(facts, option->get_name(), "needs", backend);
    if (rates_ && rates_->given() && rates_need_) backends_->require(rates_need_, "--interval", "needs", backend);
    Check check(run, backend, backend.facts(backends_->target()), selection_.get(), rates_.get(),
                check_name(runtime_.shortname()));
    Result result = body(check);
    check.add_remarks(result);
    return result;
}

}  // namespace virtcheck
