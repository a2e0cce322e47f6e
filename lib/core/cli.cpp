#include "core/cli.hpp"

#include <algorithm>
#include <map>

#include "core/build_info.hpp"
#include "core/number.hpp"

namespace virtcheck {
namespace {

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
    add_option_function<std::string>(
        "-t,--timeout", [this](const std::string& text) { parse_timeout(text); },
        "Seconds before the check gives up (default 10), and the state it then ends in (default UNKNOWN)")
        ->option_text("SECONDS[:STATE]");
    auto* ipv4 = add_flag_callback("-4,--use-ipv4", [this] { address_family = 4; }, "Look up -H as an IPv4 address");
    auto* ipv6 = add_flag_callback("-6,--use-ipv6", [this] { address_family = 6; }, "Look up -H as an IPv6 address");
    ipv4->excludes(ipv6);
    add_flag("-v,--verbose", verbosity, "More long output: -v lists every object, up to -vvv");
    // Read and removed before parsing (core/extra_opts.hpp); here for --help only.
    add_option("--extra-opts", extra_opts_,
               "Read options from an ini file: [SECTION][@FILE]; SECTION defaults to the program's name, FILE to "
               "monitoring-plugins' plugins.ini; a line name=value stands for the long option name with that value")
        ->option_text("[SECTION][@FILE]");
    add_option("--output", output, "Output format: text (default) or json")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, OutputFormat>{{"text", OutputFormat::Text}, {"json", OutputFormat::Json}}))
        ->option_text("FORMAT");
}

void Cli::parse_command_line(const std::vector<const char*>& args) {
    // CLI11 loops forever on an empty argument followed by an option it does not know
    // (`-C '' -p 5` with -C and -p held back): such a command line gets every option first.
    if (more_ && std::any_of(args.begin() + (args.empty() ? 0 : 1), args.end(), [](const char* arg) { return !*arg; })) {
        while (more_()) {
        }
        more_ = nullptr;
    }
    for (;;) {
        shorthand_warnings_.clear();  // the one option that appends: a second parse starts afresh
        try {
            parse(static_cast<int>(args.size()), args.data());
            return;
        } catch (const CLI::ParseError&) {  // also --help and --version
            if (!more_) throw;
        }
        // An unknown option, another error or help: they may need the options held back.
        if (!more_()) more_ = nullptr;
        clear();
    }
}

void Cli::parse_timeout(const std::string& text) {
    auto colon = text.find(':');
    std::string seconds = text.substr(0, colon);
    auto number = read_number_prefix(seconds);
    if (!number || number->length != seconds.size() || number->value < 0.001 || number->value > 86400)
        throw CLI::ValidationError("-t", "'" + text + "' is not SECONDS[:STATE] with 0.001 to 86400 seconds");
    timeout = number->value;
    if (colon == std::string::npos) return;
    const std::string state = text.substr(colon + 1);
    static const std::pair<const char*, State> states[] = {
        {"ok", State::Ok}, {"warning", State::Warning}, {"critical", State::Critical}, {"unknown", State::Unknown}};
    std::string lower;
    for (char c : state) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [name, value] : states)
        if (lower == name) {
            timeout_state = value;
            return;
        }
    throw CLI::ValidationError("-t", "'" + state + "' is not a state (OK, WARNING, CRITICAL, UNKNOWN)");
}

void Cli::read_timeout_early(const std::vector<std::string>& args) {
    for (std::size_t i = 1; i < args.size() && args[i] != "--"; ++i) {
        const std::string& arg = args[i];
        std::string value;
        if ((arg == "-t" || arg == "--timeout") && i + 1 < args.size()) value = args[++i];
        else if (arg.starts_with("--timeout=")) value = arg.substr(std::string("--timeout=").size());
        else if (arg.starts_with("-t") && arg.size() > 2) value = arg.substr(2);  // -t5
        else continue;
        try {
            parse_timeout(value);
        } catch (const CLI::ValidationError&) {
        }
    }
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
            throw ThresholdError("unknown metric '" + name + "' in '" + entry + "', this check has " +
                                 (names.empty() ? "no named metrics" : names));
        }
        return {metric, entry.substr(eq + 1)};
    }
    // A range that only reads as bytes is about the byte metric; a bare number stays main.
    const Metric* bytes = metrics_.bytes_metric();
    if (bytes && !reads_as(entry, metrics_.main().unit) && reads_as(entry, Unit::Bytes)) return {bytes, entry};
    return {&metrics_.main(), entry};
}

// The texts of the -w/-c given for `metric`: a range, a baseline, or one of each.
Cli::Picked Cli::pick(const std::vector<std::string>& given, const Metric& metric, const char* option) const {
    Picked found;
    for (const auto& entry : given) {
        auto [for_metric, range] = split_entry(entry);
        if (for_metric != &metric) continue;
        auto& slot = is_baseline(range) ? found.baseline : found.range;
        if (slot)
            throw ThresholdError(std::string(option) + " given twice" +
                                 (&metric == &metrics_.main() ? "" : " for " + metric.name) +
                                 " (one range and one baseline may be combined)");
        slot = range;
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
            bool by_user = warning.range || warning.baseline || critical.range || critical.baseline;
            if (!by_user) critical.range = metric->default_critical;
            Thresholds parsed = parse_thresholds(warning.range, critical.range, metric->unit);
            auto deviations = [](const std::optional<std::string>& text, const char* option) -> std::optional<Deviations> {
                if (!text) return std::nullopt;
                try {
                    return parse_deviations(*text);
                } catch (const ThresholdError& e) {
                    throw ThresholdError(std::string(option) + ": " + e.what());
                }
            };
            parsed.warning_baseline = deviations(warning.baseline, "-w/--warning");
            parsed.critical_baseline = deviations(critical.baseline, "-c/--critical");
            set.set(*metric, std::move(parsed), by_user);
        } catch (const ThresholdError& e) {
            if (!main) throw ThresholdError(metric->name + "=: " + e.what());
            if (!metrics_.bytes_metric()) throw;
            throw ThresholdError(std::string(e.what()) + ", or a size (20GiB:) for " + metrics_.bytes_metric()->name);
        }
    }
    return set;
}

}  // namespace virtcheck
