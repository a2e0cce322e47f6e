#include "alert/toml_guard.hpp"

#include <string>

namespace virtcheck::alert {
namespace {

// Where toml++'s lookahead of a bare value (number, boolean, date) stops.
bool ends_bare(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ']' || c == '}' || c == ',' || c == '#';
}

}  // namespace

std::optional<TomlGuardProblem> toml_guard_problem(std::string_view text) {
    enum class In { Code, Comment, Basic, Literal, MultiBasic, MultiLiteral } in = In::Code;
    std::size_t line = 1;
    bool key = true;     // a key may come next (line start, inside { }), else a value
    bool bare = false;   // inside a bare key or value: a quote here opens no string
    std::string nesting; // the open [ and { of values, innermost last
    auto at = [&](std::size_t i, std::string_view what) { return text.substr(i, what.size()) == what; };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        unsigned char byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F)
            return TomlGuardProblem{line, "a control character"};
        if (c == '\n') ++line;
        switch (in) {
            case In::Code:
                if (byte >= 0x80) return TomlGuardProblem{line, "a non-ASCII character outside a string or comment"};
                if (ends_bare(c) || (key && (c == '=' || c == '.'))) {
                    bare = false;
                    if (c == '#') in = In::Comment;
                    if (c == '\n' && nesting.empty()) key = true;
                    if (c == '=' && key) key = false;
                    if ((c == ']' || c == '}') && !nesting.empty()) nesting.pop_back(), key = false;
                    if (c == ',' && !nesting.empty()) key = nesting.back() == '{';
                } else if (bare) {
                    // part of the token, quotes and brackets too (toml++ scans on through them)
                } else if (c == '"' || c == '\'') {
                    if (at(i, std::string(3, c))) in = c == '"' ? In::MultiBasic : In::MultiLiteral, i += 2;
                    else in = c == '"' ? In::Basic : In::Literal;
                } else if ((c == '[' || c == '{') && !key) {
                    nesting += c;
                    key = c == '{';
                } else if (c == '[') {
                    // a table header: its name follows
                } else {
                    bare = true;
                }
                break;
            case In::Comment:
                if (c == '\n') {
                    in = In::Code;
                    if (nesting.empty()) key = true;
                }
                break;
            case In::Basic:
                if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') ++i;
                else if (c == '"') in = In::Code;
                else if (c == '\n') in = In::Code, key = nesting.empty();
                break;
            case In::Literal:
                if (c == '\'') in = In::Code;
                else if (c == '\n') in = In::Code, key = nesting.empty();
                break;
            case In::MultiBasic:
            case In::MultiLiteral: {
                const char quote = in == In::MultiBasic ? '"' : '\'';
                if (in == In::MultiBasic && c == '\\' && i + 1 < text.size()) {
                    char next = text[i + 1];
                    if (next == ' ' || next == '\t' || next == '\r' || next == '\n') {
                        // A line-ending backslash: toml++ asks "whitespace?" of what follows.
                        std::size_t j = i + 1;
                        for (; j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n'); ++j)
                            if (text[j] == '\n') ++line;
                        if (j < text.size() && static_cast<unsigned char>(text[j]) >= 0x80)
                            return TomlGuardProblem{line, "a non-ASCII character right after a line-ending backslash"};
                        i = j - 1;
                    } else if (static_cast<unsigned char>(next) >= 0x80) {
                        // no escape, and toml++ asks "whitespace?" of it too
                        return TomlGuardProblem{line, "a non-ASCII character right after a backslash"};
                    } else {
                        ++i;
                    }
                } else if (c == quote && at(i, std::string(3, quote))) {
                    i += 2;
                    // Up to two more quotes belong to the string's content.
                    for (int extra = 0; extra < 2 && i + 1 < text.size() && text[i + 1] == quote; ++extra) ++i;
                    in = In::Code;
                }
                break;
            }
        }
    }
    return std::nullopt;
}

}  // namespace virtcheck::alert
