#include "alert/check_output.hpp"

#include <vector>

#include "core/text.hpp"

namespace virtcheck::alert {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

bool is_name_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

// "VM_STATE CRITICAL - 1 of 8 VMs ..." -> shortname and summary; "DISK OK: ..." too.
void split_first_line(CheckOutput& out) {
    std::string_view line = out.first_line;
    std::size_t name_end = 0;
    while (name_end < line.size() && is_name_char(line[name_end])) ++name_end;
    if (name_end > 0 && name_end < line.size() && line[name_end] == ' ') {
        std::string_view rest = line.substr(name_end + 1);
        for (std::string_view word : {"OK", "WARNING", "CRITICAL", "UNKNOWN"}) {
            if (!rest.starts_with(word)) continue;
            std::string_view after = rest.substr(word.size());
            for (std::string_view separator : {" - ", ": ", " "}) {
                if (after.empty() || after.starts_with(separator)) {
                    out.shortname = std::string(line.substr(0, name_end));
                    out.summary = std::string(trim(after.substr(after.empty() ? 0 : separator.size())));
                    return;
                }
            }
        }
    }
    out.summary = out.first_line;
}

void append_perfdata(std::string& perfdata, std::string_view part) {
    std::string clean = escape_text(trim(part));
    if (clean.empty()) return;
    if (!perfdata.empty()) perfdata += ' ';
    perfdata += clean;
}

}  // namespace

CheckOutput parse_check_output(std::string_view raw) {
    CheckOutput out;
    if (raw.size() > max_check_output) {
        raw = cut_utf8(raw, max_check_output);
        out.cut = true;
    }
    std::vector<std::string_view> lines;
    while (!raw.empty()) {
        auto newline = raw.find('\n');
        lines.push_back(raw.substr(0, newline));
        raw = newline == std::string_view::npos ? std::string_view{} : raw.substr(newline + 1);
    }
    bool in_perfdata = false;
    std::vector<std::string> text_lines;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        if (in_perfdata) {
            append_perfdata(out.perfdata, line);
            continue;
        }
        auto bar = line.find('|');
        std::string_view text = line.substr(0, bar);
        if (bar != std::string_view::npos) {
            append_perfdata(out.perfdata, line.substr(bar + 1));
            in_perfdata = i > 0;  // after line 1, perfdata runs to the end
        }
        if (i == 0)
            out.first_line = escape_text(trim(text));
        else
            text_lines.push_back(escape_text(trim(text)));
    }
    while (!text_lines.empty() && text_lines.back().empty()) text_lines.pop_back();
    for (const auto& line : text_lines) {
        if (!out.long_output.empty() || &line != &text_lines.front()) out.long_output += '\n';
        out.long_output += line;
    }
    split_first_line(out);
    if (out.summary.empty() && out.shortname.empty()) out.summary = "(no output)";
    return out;
}

}  // namespace virtcheck::alert
