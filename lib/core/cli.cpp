#include "core/cli.hpp"

#include <map>

#include "core/build_info.hpp"

namespace virtcheck {
namespace {

const char* const footer_ranges =
    "Ranges: [@][START:][END], ~ is minus infinity, ends inclusive. 10 alerts outside 0..10,\n"
    "10: below 10, ~:10 above 10, 10:20 outside 10..20, @10:20 inside. Numbers may carry units\n"
    "(500ms, 10GiB:, 80%). See virtcheck-thresholds(7).\n"
    "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.";

bool reads_as(const std::string& range, Unit unit) {
    try {
        parse_range(range, unit);
        return true;
    } catch (const ThresholdError&) {
        return false;
    }
}

}  // namespace

Cli::Cli(std::string program_name, std::string description, const MetricTable& metrics)
    : CLI::App(std::move(description), program_name), program(std::move(program_name)), metrics_(metrics) {
    const Metric& main = metrics_.main();
    set_help_flag("-h,--help", "Print this help and exit");
    set_version_flag("-V,--version", [this] { return program + " (virtcheck) " + build_info::version; },
                     "Print the version and exit");
    std::string units = "; units: " + std::string(accepted_units(main.unit));
    if (const Metric* bytes = metrics_.bytes_metric())
        units += "; a range in bytes (-w 20GiB:) is for " + bytes->name + " instead";
    add_option("-w,--warning", warning_,
               "Warning range for the " + main.help + units + ". Repeat as -w NAME=RANGE for the other metrics")
        ->option_text("RANGE");
    add_option("-c,--critical", critical_, "Critical range for the " + main.help + ". Repeat as -c NAME=RANGE")
        ->option_text("RANGE");
    add_option("-H,--hostname", hostname, "Host to check")->option_text("HOST");
    add_option("-t,--timeout", timeout, "Seconds before the check gives up with UNKNOWN (default 10)")
        ->check(CLI::Range(0.001, 86400.0))
        ->option_text("SECONDS");
    add_flag("-v,--verbose", verbosity, "More long output: -v lists every object, up to -vvv");
    add_option("--output", output, "Output format: text (default) or json")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, OutputFormat>{{"text", OutputFormat::Text}, {"json", OutputFormat::Json}}))
        ->option_text("FORMAT");
    add_help_footer();
}

void Cli::add_help_footer() {
    std::string names;
    for (const Metric* m : metrics_.all())
        if (m != &metrics_.main())
            names += "\n  " + m->name + ": " + m->help + " (" + std::string(accepted_units(m->unit)) + ")";
    footer((names.empty() ? "" : "Metrics for -w/-c NAME=RANGE:" + names + "\n") + footer_ranges);
}

void Cli::set_program(std::string name) {
    program = std::move(name);
    this->name(program);
}

void Cli::add_warning_shorthand(const std::string& flags, const Metric& metric, const std::string& help) {
    add_option_function<std::string>(
        flags, [this, &metric](const std::string& range) { shorthand_warnings_.emplace_back(&metric, range); }, help)
        ->option_text("RANGE");
}

std::pair<const Metric*, std::string> Cli::split_entry(const std::string& entry) const {
    auto eq = entry.find('=');
    if (eq != std::string::npos) {
        std::string name = entry.substr(0, eq);
        const Metric* metric = metrics_.find(name);
        if (!metric) {
            std::string names;
            for (const Metric* m : metrics_.all())
                if (m != &metrics_.main()) names += (names.empty() ? "" : ", ") + m->name;
            throw ThresholdError("unknown metric '" + name + "' in '" + entry + "'; this check has " +
                                 (names.empty() ? "no named metrics" : names));
        }
        return {metric, entry.substr(eq + 1)};
    }
    // A range that only reads as bytes is about the byte metric; a bare number stays main.
    const Metric* bytes = metrics_.bytes_metric();
    if (bytes && !reads_as(entry, metrics_.main().unit) && reads_as(entry, Unit::Bytes)) return {bytes, entry};
    return {&metrics_.main(), entry};
}

// The text of the -w/-c given for `metric`; empty when not given.
std::optional<std::string> Cli::pick(const std::vector<std::string>& given, const Metric& metric,
                                     const char* option) const {
    std::optional<std::string> found;
    for (const auto& entry : given) {
        auto [for_metric, range] = split_entry(entry);
        if (for_metric != &metric) continue;
        if (found)
            throw ThresholdError(std::string(option) + " given twice" +
                                 (&metric == &metrics_.main() ? "" : " for " + metric.name));
        found = range;
    }
    return found;
}

ThresholdSet Cli::thresholds() const {
    const std::vector<std::string> warnings = [&] {
        auto all = warning_;
        for (const auto& [metric, range] : shorthand_warnings_) all.push_back(metric->name + "=" + range);
        return all;
    }();
    for (const auto* given : {&warnings, &critical_})
        for (const auto& entry : *given) split_entry(entry);  // unknown metric names first

    ThresholdSet set;
    for (const Metric* metric : metrics_.all()) {
        const bool main = metric == &metrics_.main();
        try {
            auto warning = pick(warnings, *metric, "-w/--warning");
            auto critical = pick(critical_, *metric, "-c/--critical");
            bool by_user = warning || critical;
            if (!by_user) critical = metric->default_critical;
            set.set(*metric, parse_thresholds(warning, critical, metric->unit), by_user);
        } catch (const ThresholdError& e) {
            if (!main) throw ThresholdError(metric->name + "=: " + e.what());
            if (!metrics_.bytes_metric()) throw;
            throw ThresholdError(std::string(e.what()) + ", or a size (20GiB:) for " + metrics_.bytes_metric()->name);
        }
    }
    return set;
}

}  // namespace virtcheck
