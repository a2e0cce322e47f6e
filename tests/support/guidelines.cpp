#include "guidelines.hpp"

#include <regex>
#include <set>

namespace virtcheck::testing {
namespace {

const std::string number = R"(-?(?:\d+(?:\.\d*)?|\.\d+))";
const std::regex value_re("^(" + number + ")([A-Za-z%]*)$");
const std::regex number_re("^" + number + "$");
const std::regex range_re("^@?(?:(~|" + number + ")?:)?(" + number + ")?$");
const std::set<std::string> uoms = {"", "s", "ms", "us", "%", "B", "KB", "MB", "GB", "TB", "c"};
const char* const state_words[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

std::string range_problem(const std::string& text) {
    if (text.empty()) return "";
    std::smatch m;
    if (!std::regex_match(text, m, range_re) || text == "@" || text == ":" || text == "@:")
        return "'" + text + "' is not a range";
    return "";
}

}  // namespace

std::vector<std::string> perfdata_violations(const std::string& perfdata) {
    std::vector<std::string> problems;
    std::set<std::string> labels;
    std::size_t i = 0;
    while (i < perfdata.size()) {
        if (perfdata[i] == ' ') {
            ++i;
            continue;
        }
        std::string label;
        if (perfdata[i] == '\'') {
            std::size_t close = perfdata.find('\'', i + 1);
            if (close == std::string::npos) return {"unterminated quoted label"};
            label = perfdata.substr(i + 1, close - i - 1);
            i = close + 1;
        } else {
            std::size_t eq = perfdata.find('=', i);
            if (eq == std::string::npos) return {"item without '=' at: " + perfdata.substr(i, 40)};
            label = perfdata.substr(i, eq - i);
            i = eq;
        }
        if (i >= perfdata.size() || perfdata[i] != '=') return {"label '" + label + "' not followed by '='"};
        ++i;
        std::size_t end = perfdata.find(' ', i);
        std::string rest = perfdata.substr(i, end == std::string::npos ? std::string::npos : end - i);
        i = end == std::string::npos ? perfdata.size() : end;

        if (label.empty() || label.find_first_of("'=") != std::string::npos) problems.push_back("bad label '" + label + "'");
        if (!labels.insert(label).second) problems.push_back("label '" + label + "' repeats");
        std::vector<std::string> fields;
        for (std::size_t start = 0;;) {
            std::size_t semi = rest.find(';', start);
            fields.push_back(rest.substr(start, semi == std::string::npos ? std::string::npos : semi - start));
            if (semi == std::string::npos) break;
            start = semi + 1;
        }
        if (fields.size() > 5) problems.push_back(label + ": more than 5 fields");
        if (fields.size() > 1 && fields.back().empty()) problems.push_back(label + ": trailing ';'");
        std::smatch m;
        if (!std::regex_match(fields[0], m, value_re))
            problems.push_back(label + ": value '" + fields[0] + "' is not plain decimal" +
                               (fields[0] == "U" ? " (U: Icinga 2's metric writers reject it; leave the value out)" : ""));
        else if (auto dot = m[1].str().find('.'); dot != std::string::npos && m[1].str().size() - dot - 1 > 6)
            problems.push_back(label + ": value '" + fields[0] + "' has more than 6 decimals");
        else if (!uoms.count(m[2].str()))
            problems.push_back(label + ": unit '" + m[2].str() + "' is not a perfdata UOM");
        for (std::size_t f = 1; f < fields.size() && f < 3; ++f)
            if (auto p = range_problem(fields[f]); !p.empty()) problems.push_back(label + ": " + p);
        for (std::size_t f = 3; f < fields.size() && f < 5; ++f)
            if (!fields[f].empty() && !std::regex_match(fields[f], number_re))
                problems.push_back(label + ": min/max '" + fields[f] + "' is not a number");
    }
    return problems;
}

std::vector<std::string> guideline_violations(const Completed& run) {
    std::vector<std::string> problems;
    if (run.exit_code < 0 || run.exit_code > 3) problems.push_back("exit code " + std::to_string(run.exit_code));
    if (!run.err.empty()) problems.push_back("wrote to stderr: " + run.err.substr(0, 200));
    if (run.out.empty()) return problems.push_back("nothing on stdout"), problems;
    if (run.out.size() > 8192) problems.push_back("output over 8 KiB");

    std::string line1 = run.out.substr(0, run.out.find('\n'));
    std::string text = line1.substr(0, line1.find('|'));
    static const std::regex status_re(R"(^[A-Z][A-Z0-9_]* (OK|WARNING|CRITICAL|UNKNOWN)( - .*)?\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, status_re)) {
        problems.push_back("line 1 is not 'NAME STATE - text': " + text);
    } else if (run.exit_code >= 0 && run.exit_code <= 3 && m[1].str() != state_words[run.exit_code]) {
        problems.push_back("state word " + m[1].str() + " but exit code " + std::to_string(run.exit_code));
    }
    if (auto bar = line1.find('|'); bar != std::string::npos)
        for (auto& p : perfdata_violations(line1.substr(bar + 1))) problems.push_back("perfdata: " + p);
    std::string rest = run.out.find('\n') == std::string::npos ? "" : run.out.substr(run.out.find('\n') + 1);
    if (rest.find('|') != std::string::npos) problems.push_back("'|' in long output");
    // Nagios rewrites ';' in plugin output as ':'.
    if (text.find(';') != std::string::npos || rest.find(';') != std::string::npos) problems.push_back("';' in the text");
    return problems;
}

}  // namespace virtcheck::testing
