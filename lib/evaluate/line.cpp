#include "evaluate/line.hpp"

namespace virtcheck {
namespace {

std::string join(const std::vector<std::string>& parts, const char* separator) {
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : separator) + part;
    return text;
}

}  // namespace

std::string Line::text() const {
    std::string text = subject;
    if (!status.empty()) text += ": " + status;
    for (const auto& qualifier : qualifiers) text += " " + qualifier;
    std::string body = join(figures, ", ");
    if (!body.empty() && !detail.empty()) body += " " + detail;
    if (!body.empty()) text += (status.empty() && qualifiers.empty() ? " " : ", ") + body;
    if (!trouble.empty()) text += " (" + join(trouble, ", ") + ")";
    if (!remarks.empty()) text += (text.size() > subject.size() ? ", " : " ") + join(remarks, ", ");
    for (const auto& note : notes) text += " - " + note;
    return text;
}

}  // namespace virtcheck
