#include "core/cli.hpp"

#include <map>

#include "core/build_info.hpp"

namespace virtcheck {

Cli::Cli(std::string program_name, std::string description, MainMetric metric)
    : CLI::App(std::move(description), program_name), program(std::move(program_name)),
      main_metric(std::move(metric)) {
    set_help_flag("-h,--help", "Print this help and exit");
    set_version_flag("-V,--version", [this] { return program + " (virtcheck) " + build_info::version; },
                     "Print the version and exit");
    std::string units = "; units: " + std::string(accepted_units(main_metric.unit));
    if (!main_metric.byte_metric.empty())
        units += "; a range in bytes (-w 20GiB:) is for " + main_metric.byte_metric + " instead";
    add_option("-w,--warning", warning_,
               "Warning range for the " + main_metric.description + units +
                   ". Repeat as -w NAME=RANGE for the other metrics")
        ->option_text("RANGE");
    add_option("-c,--critical", critical_,
               "Critical range for the " + main_metric.description + ". Repeat as -c NAME=RANGE")
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
    footer_ranges_ =
        "Ranges: [@][START:][END], ~ is minus infinity, ends inclusive. 10 alerts outside 0..10,\n"
        "10: below 10, ~:10 above 10, 10:20 outside 10..20, @10:20 inside. Numbers may carry units\n"
        "(500ms, 10GiB:, 80%). See virtcheck-thresholds(7).\n"
        "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.";
    footer(footer_ranges_);
}

void Cli::set_program(std::string name) {
    program = std::move(name);
    this->name(program);
}

void Cli::add_metric(NamedMetric metric) {
    std::string names;
    metrics_.push_back(std::move(metric));
    for (const auto& m : metrics_)
        names += "\n  " + m.name + ": " + m.description + " (" + std::string(accepted_units(m.unit)) + ")";
    footer_metrics_ = "Metrics for -w/-c NAME=RANGE:" + names + "\n";
    footer(footer_metrics_ + footer_ranges_);
}

std::pair<std::string, std::string> Cli::split_entry(const std::string& entry) const {
    auto eq = entry.find('=');
    if (eq != std::string::npos) return {entry.substr(0, eq), entry.substr(eq + 1)};
    if (!main_metric.byte_metric.empty()) {
        // A range that only reads as bytes is about the byte metric; a bare number stays main.
        auto reads_as = [&](Unit unit) {
            try {
                parse_range(entry, unit);
                return true;
            } catch (const ThresholdError&) {
                return false;
            }
        };
        if (!reads_as(main_metric.unit) && reads_as(Unit::Bytes)) return {main_metric.byte_metric, entry};
    }
    return {"", entry};
}

// The text of the -w/-c given for `metric` ("" = the main metric); empty when not given.
std::optional<std::string> Cli::pick(const std::vector<std::string>& given, std::string_view metric,
                                     const char* option) const {
    std::optional<std::string> found;
    for (const auto& entry : given) {
        auto [name, range] = split_entry(entry);
        if (name != metric) continue;
        if (found)
            throw ThresholdError(std::string(option) + " given twice" +
                                 (metric.empty() ? "" : " for " + std::string(metric)));
        found = range;
    }
    return found;
}

Thresholds Cli::thresholds() const {
    try {
        return parse_thresholds(pick(warning_, "", "-w/--warning"), pick(critical_, "", "-c/--critical"),
                                main_metric.unit);
    } catch (const ThresholdError& e) {
        if (main_metric.byte_metric.empty()) throw;
        throw ThresholdError(std::string(e.what()) + ", or a size (20GiB:) for " + main_metric.byte_metric);
    }
}

Thresholds Cli::thresholds(std::string_view metric) const {
    for (const auto& m : metrics_)
        if (m.name == metric) {
            try {
                return parse_thresholds(pick(warning_, metric, "-w/--warning"),
                                        pick(critical_, metric, "-c/--critical"), m.unit);
            } catch (const ThresholdError& e) {
                throw ThresholdError(std::string(metric) + "=: " + e.what());
            }
        }
    throw ThresholdError("no metric '" + std::string(metric) + "'");
}

void Cli::check_thresholds() const {
    thresholds();
    for (const auto* given : {&warning_, &critical_})
        for (const auto& entry : *given) {
            std::string name = split_entry(entry).first;
            if (name.empty()) continue;
            bool known = false;
            for (const auto& m : metrics_) known = known || m.name == name;
            if (!known) {
                std::string names;
                for (const auto& m : metrics_) names += (names.empty() ? "" : ", ") + m.name;
                throw ThresholdError("unknown metric '" + name + "' in '" + entry + "'; this check has " +
                                     (names.empty() ? "no named metrics" : names));
            }
            thresholds(name);
        }
}

}  // namespace virtcheck
