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
    const std::string units = "; units: " + std::string(accepted_units(main_metric.unit));
    warning_option_ = add_option("-w,--warning", warning_,
                                 "Warning range for the " + main_metric.description + units)
                          ->option_text("RANGE");
    critical_option_ = add_option("-c,--critical", critical_,
                                  "Critical range for the " + main_metric.description + units)
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
    footer(
        "Ranges: [@][START:][END], ~ is minus infinity, ends inclusive. 10 alerts outside 0..10,\n"
        "10: below 10, ~:10 above 10, 10:20 outside 10..20, @10:20 inside. Numbers may carry units\n"
        "(500ms, 10GiB:, 80%). See virtcheck-thresholds(7).\n"
        "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.");
}

void Cli::set_program(std::string name) {
    program = std::move(name);
    this->name(program);
}

Thresholds Cli::thresholds() const {
    auto given = [](const CLI::Option* option, const std::string& text) {
        return option->count() > 0 ? std::optional<std::string>(text) : std::nullopt;
    };
    return parse_thresholds(given(warning_option_, warning_), given(critical_option_, critical_),
                            main_metric.unit);
}

}  // namespace virtcheck
