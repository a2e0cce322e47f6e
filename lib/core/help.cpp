#include "core/help.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

#include "core/build_info.hpp"
#include "core/cli.hpp"

namespace virtcheck {
namespace {

// "-w, --warning=RANGE" for an option, as monitoring-plugins writes them.
std::string option_names(const CLI::Option& option) {
    std::string names;
    for (const auto& s : option.get_snames()) names += (names.empty() ? "-" : ", -") + s;
    for (const auto& l : option.get_lnames()) names += (names.empty() ? "--" : ", --") + l;
    if (option.get_items_expected_max() > 0 && !option.get_option_text().empty())
        names += (option.get_lnames().empty() ? " " : "=") + option.get_option_text();
    return names;
}

// The options of the check itself and of each option group (a backend's, the selection's).
std::vector<std::pair<std::string, std::vector<const CLI::Option*>>> option_groups(const CLI::App& app) {
    std::vector<std::pair<std::string, std::vector<const CLI::Option*>>> groups{{"Options", app.get_options()}};
    for (const CLI::App* group : app.get_subcommands([](const CLI::App* sub) { return sub->get_name().empty(); }))
        groups.emplace_back(group->get_group(), group->get_options());
    return groups;
}

std::size_t distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string wrap(const std::string& text, std::size_t indent, std::size_t width) {
    std::istringstream words(text);
    std::string out, line, word;
    const std::string pad(indent, ' ');
    while (words >> word) {
        if (!line.empty() && pad.size() + line.size() + 1 + word.size() > width) {
            out += pad + line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty()) out += pad + line + "\n";
    return out;
}

std::string plugin_help(const Cli& cli) {
    std::string out = cli.program + " (virtcheck) " + build_info::version + "\n\n";
    out += wrap(cli.get_description(), 0) + "\n";
    out += wrap("Usage: " + cli.program + " [-w RANGE] [-c RANGE] [-w NAME=RANGE]... [-t SECONDS[:STATE]] [-v]... "
                "[--output json] [OPTION]...", 0);
    for (const auto& [title, options] : option_groups(cli)) {
        std::string block;
        for (const CLI::Option* option : options) {
            if (option->get_lnames().empty() && option->get_snames().empty()) continue;
            block += " " + option_names(*option) + "\n" + wrap(option->get_description(), 4);
        }
        if (!block.empty()) out += "\n" + (title.empty() ? std::string("Options") : title) + ":\n" + block;
    }
    std::string metrics;
    for (const Metric* metric : cli.metrics().all())
        if (metric != &cli.metrics().main())
            metrics += " " + metric->name + " (" + std::string(accepted_units(metric->unit)) + ")\n" + wrap(metric->help, 4);
    if (!metrics.empty()) out += "\nMetrics for -w/-c NAME=RANGE:\n" + metrics;
    out += "\n" + wrap("Ranges: [@][START:][END], ~ is minus infinity, ends inclusive. 10 alerts outside 0..10, 10: "
                       "below 10, ~:10 above 10, 10:20 outside 10..20, @10:20 inside. Numbers may carry units "
                       "(500ms, 10GiB:, 80%).",
                       0);
    out += "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n";
    if (!cli.examples().empty()) {
        out += "\nExamples:\n";
        for (const auto& example : cli.examples()) out += "  " + cli.program + " " + example + "\n";
    }
    out += "\nSee " + cli.program + "(1) and virtcheck-thresholds(7).\n";
    return out;
}

std::string closest_option(const CLI::App& app, const std::string& typed) {
    if (typed.size() < 2 || typed[0] != '-') return "";
    std::string stem = typed.substr(0, typed.find('='));
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, stem.size() / 3) + 1;
    for (const auto& [title, options] : option_groups(app))
        for (const CLI::Option* option : options)
            for (const auto& name : option->get_lnames())
                if (std::size_t d = distance(stem, "--" + name); d < best_distance) {
                    best_distance = d;
                    best = "--" + name;
                }
    return best;
}

}  // namespace virtcheck
