#include "alert/toml_guard.hpp"

namespace virtcheck::alert {

std::optional<TomlGuardProblem> toml_guard_problem(std::string_view text) {
    enum class In { Code, Comment, Basic, Literal, MultiBasic, MultiLiteral } in = In::Code;
    std::size_t line = 1;
    char last = '\n';  // the last character in code that was not a space or tab
    auto at = [&](std::size_t i, std::string_view what) { return text.substr(i, what.size()) == what; };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        unsigned char byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F)
            return TomlGuardProblem{line, "a control character"};
        if (c == '\n') ++line;
        switch (in) {
            case In::Code: {
                if (byte >= 0x80) return TomlGuardProblem{line, "a non-ASCII character outside a string or comment"};
                // A string opens only where a key or a value may start; a quote right after a
                // bare value is no string to toml++ (its value lookahead runs on through it).
                bool opens = last == '\n' || last == '=' || last == '[' || last == ',' || last == '{' || last == '.';
                if (c == '#') in = In::Comment;
                else if (opens && at(i, "\"\"\"")) in = In::MultiBasic, i += 2;
                else if (opens && at(i, "'''")) in = In::MultiLiteral, i += 2;
                else if (opens && c == '"') in = In::Basic;
                else if (opens && c == '\'') in = In::Literal;
                if (c != ' ' && c != '\t' && c != '\r') last = c;
                break;
            }
            case In::Comment:
                if (c == '\n') in = In::Code, last = '\n';
                break;
            case In::Basic:
                if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') ++i;
                else if (c == '"') in = In::Code, last = '"';
                else if (c == '\n') in = In::Code, last = '\n';
                break;
            case In::Literal:
                if (c == '\'') in = In::Code, last = '\'';
                else if (c == '\n') in = In::Code, last = '\n';
                break;
            case In::MultiBasic:
            case In::MultiLiteral: {
                const char quote = in == In::MultiBasic ? '"' : '\'';
                if (in == In::MultiBasic && c == '\\' && i + 1 < text.size()) {
                    if (text[i + 1] == '\n') ++line;
                    ++i;
                } else if (c == quote && at(i, std::string(3, quote))) {
                    i += 2;
                    // Up to two more quotes belong to the string's content.
                    for (int extra = 0; extra < 2 && i + 1 < text.size() && text[i + 1] == quote; ++extra) ++i;
                    in = In::Code;
                    last = quote;
                }
                break;
            }
        }
    }
    return std::nullopt;
}

}  // namespace virtcheck::alert
