#include <cctype>

#include "collect/libvirt/native/remote_types.hpp"

namespace virtcheck::libvirt::native {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::string format_uuid(const Uuid& uuid) {
    static const char digits[] = "0123456789abcdef";
    std::string text;
    for (std::size_t i = 0; i < uuid.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
        text += digits[uuid[i] >> 4];
        text += digits[uuid[i] & 15];
    }
    return text;
}

std::optional<Uuid> parse_uuid(const std::string& text) {
    Uuid uuid{};
    std::size_t at = 0;
    while (at < text.size() && is_space(text[at])) ++at;
    for (std::size_t i = 0; i < uuid.size();) {
        if (at >= text.size()) return std::nullopt;
        if (text[at] == '-' || text[at] == ' ') {
            ++at;
            continue;
        }
        int high = hex_value(text[at]);
        int low = at + 1 < text.size() ? hex_value(text[at + 1]) : -1;
        if (high < 0 || low < 0) return std::nullopt;
        uuid[i++] = static_cast<std::uint8_t>(high * 16 + low);
        at += 2;
    }
    for (; at < text.size(); ++at)
        if (!is_space(text[at])) return std::nullopt;
    return uuid;
}

}  // namespace virtcheck::libvirt::native
