#include "collect/libvirt/native/xml_reader.hpp"

#include <cstdint>

namespace virtcheck::libvirt::native::xml {
namespace {

constexpr int max_depth = 256;  // libxml2's limit without XML_PARSE_HUGE

// Decodes one UTF-8 sequence at `at`; 0 length when it is malformed.
std::size_t utf8_sequence(std::string_view text, std::size_t at, std::uint32_t& code) {
    auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
    std::uint8_t first = byte(at);
    std::size_t length = first < 0x80 ? 1 : (first & 0xE0) == 0xC0 ? 2 : (first & 0xF0) == 0xE0 ? 3 : (first & 0xF8) == 0xF0 ? 4 : 0;
    if (length == 0 || at + length > text.size()) return 0;
    code = length == 1 ? first : first & (0xFF >> (length + 1));
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) return 0;
        code = code << 6 | (byte(at + i) & 0x3F);
    }
    static const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return length;
}

// The characters XML allows (the Char production).
bool xml_char(std::uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

void append_utf8(std::string& out, std::uint32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | c >> 6), out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | c >> 12), out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | c >> 18), out += static_cast<char>(0x80 | (c >> 12 & 0x3F));
        out += static_cast<char>(0x80 | (c >> 6 & 0x3F)), out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Checks the encoding and characters and applies XML's line-end handling (CR LF and CR
// become LF), so that the parser below sees only LF. Plain ASCII is copied in runs.
std::optional<std::string> normalized(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t run = 0;  // start of the bytes not yet copied
    for (std::size_t at = 0; at < text.size();) {
        auto c = static_cast<unsigned char>(text[at]);
        if ((c >= 0x20 && c < 0x80) || c == '\n' || c == '\t') {
            ++at;
        } else if (c == '\r') {
            out.append(text.substr(run, at - run));
            out += '\n';
            at += at + 1 < text.size() && text[at + 1] == '\n' ? 2 : 1;
            run = at;
        } else {
            std::uint32_t code = 0;
            std::size_t length = c < 0x80 ? 0 : utf8_sequence(text, at, code);
            if (length == 0 || !xml_char(code)) return std::nullopt;
            at += length;
        }
    }
    out.append(text.substr(run));
    return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }
bool name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

struct Failed {};  // not well-formed: unwinds to parse()

struct Binding {
    std::string prefix;  // "" for the default namespace
    bool bound;          // false: xmlns="" undeclares the default namespace
};

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    Element document() {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") at_ = 3;
        if (text_.substr(at_, 5) == "<?xml" && at_ + 5 < text_.size() && is_space(text_[at_ + 5])) declaration();
        misc();
        Element root;
        element(root, 1);
        misc();
        if (at_ != text_.size()) throw Failed{};
        return root;
    }

private:
    bool looking_at(std::string_view s) const { return text_.substr(at_, s.size()) == s; }
    char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
    void expect(std::string_view s) {
        if (!looking_at(s)) throw Failed{};
        at_ += s.size();
    }
    bool skip_spaces() {
        std::size_t from = at_;
        while (at_ < text_.size() && is_space(text_[at_])) ++at_;
        return at_ > from;
    }
    std::string_view until(std::string_view end) {
        std::size_t found = text_.find(end, at_);
        if (found == std::string_view::npos) throw Failed{};
        std::string_view inside = text_.substr(at_, found - at_);
        at_ = found + end.size();
        return inside;
    }

    std::string name() {
        if (!name_start(peek())) throw Failed{};
        std::size_t from = at_;
        while (at_ < text_.size() && name_char(text_[at_])) ++at_;
        return std::string(text_.substr(from, at_ - from));
    }

    // <?xml version="1.0" encoding="UTF-8"?>: anything but UTF-8 would need converting.
    void declaration() {
        std::string_view inside = until("?>");
        std::size_t encoding = inside.find("encoding");
        if (encoding == std::string_view::npos) return;
        std::size_t quote = inside.find_first_of("'\"", encoding);
        if (quote == std::string_view::npos) throw Failed{};
        std::size_t end = inside.find(inside[quote], quote + 1);
        if (end == std::string_view::npos) throw Failed{};
        std::string value(inside.substr(quote + 1, end - quote - 1));
        for (char& c : value) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        if (value != "UTF-8" && value != "UTF8") throw Failed{};
    }

    // Comments, processing instructions and white space around the root element.
    void misc() {
        for (;;) {
            skip_spaces();
            if (looking_at("<!--")) comment();
            else if (looking_at("<?")) processing_instruction();
            else return;  // "<!DOCTYPE" and anything else fall through to the caller and fail
        }
    }

    void comment() {
        at_ += 4;
        std::string_view inside = until("-->");
        if (inside.find("--") != std::string_view::npos || (!inside.empty() && inside.back() == '-')) throw Failed{};
    }

    void processing_instruction() {
        at_ += 2;
        std::string target = name();
        std::string lower = target;
        for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (lower == "xml") throw Failed{};  // the declaration is allowed only at the very start
        until("?>");
    }

    // &lt; &gt; &amp; &apos; &quot; &#N; &#xN; -- no DTD, so no other entity exists.
    void reference(std::string& out) {
        ++at_;
        std::string_view inside = until(";");
        static const std::pair<std::string_view, char> predefined[] = {
            {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"apos", '\''}, {"quot", '"'}};
        for (const auto& [entity, c] : predefined)
            if (inside == entity) {
                out += c;
                return;
            }
        if (inside.size() < 2 || inside[0] != '#') throw Failed{};
        bool hex = inside[1] == 'x';
        std::string_view digits = inside.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 8) throw Failed{};
        std::uint32_t code = 0;
        for (char c : digits) {
            int value = c >= '0' && c <= '9' ? c - '0'
                        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                      : -1;
            if (value < 0) throw Failed{};
            code = code * (hex ? 16 : 10) + static_cast<std::uint32_t>(value);
        }
        if (!xml_char(code)) throw Failed{};
        append_utf8(out, code);
    }

    std::string attribute_value() {
        char quote = peek();
        if (quote != '"' && quote != '\'') throw Failed{};
        ++at_;
        std::string value;
        for (;;) {
            std::size_t end = at_;
            while (end < text_.size() && text_[end] != quote && text_[end] != '<' && text_[end] != '&' &&
                   !is_space(text_[end]))
                ++end;
            if (end == text_.size()) throw Failed{};
            value.append(text_.substr(at_, end - at_));
            at_ = end;
            char c = text_[at_];
            if (c == quote) break;
            if (c == '<') throw Failed{};
            if (c == '&') {
                reference(value);
            } else {
                value += ' ';  // attribute-value normalization of literal white space
                ++at_;
            }
        }
        ++at_;
        return value;
    }

    // A prefix's binding, innermost first; the "xml" prefix is always bound.
    bool bound(const std::string& prefix) const {
        if (prefix == "xml") return true;
        for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it)
            if (it->prefix == prefix) return it->bound;
        return false;
    }

    // "p:name" -> "name" when p is bound, as libxml2 names nodes; unchanged otherwise.
    std::string local_name(const std::string& qualified, bool& in_namespace) const {
        std::size_t colon = qualified.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == qualified.size()) {
            in_namespace = false;
            return qualified;
        }
        in_namespace = bound(qualified.substr(0, colon));
        return in_namespace ? qualified.substr(colon + 1) : qualified;
    }

    void element(Element& out, int depth) {
        if (depth > max_depth) throw Failed{};
        expect("<");
        std::string qualified = name();
        std::vector<std::pair<std::string, std::string>> raw;
        raw.reserve(4);
        for (;;) {
            bool spaced = skip_spaces();
            if (looking_at("/>") || looking_at(">")) break;
            if (!spaced) throw Failed{};
            std::string attribute = name();
            skip_spaces();
            expect("=");
            skip_spaces();
            std::string value = attribute_value();
            for (const auto& [seen, ignored] : raw)
                if (seen == attribute) throw Failed{};  // "Attribute redefined"
            raw.emplace_back(std::move(attribute), std::move(value));
        }
        std::size_t scope = bindings_.size();
        for (const auto& [attribute, value] : raw) {
            if (attribute == "xmlns") bindings_.push_back({"", !value.empty()});
            else if (attribute.starts_with("xmlns:")) bindings_.push_back({attribute.substr(6), true});
        }
        bool prefixed = qualified.find(':') != std::string::npos;
        out.name = local_name(qualified, out.in_namespace);
        if (!prefixed) out.in_namespace = bound("");
        out.attributes.reserve(raw.size());
        for (auto& [attribute, value] : raw) {
            if (attribute == "xmlns" || attribute.starts_with("xmlns:")) continue;
            bool ignored = false;
            out.attributes.emplace_back(local_name(attribute, ignored), std::move(value));
        }
        if (looking_at("/>")) {
            at_ += 2;
        } else {
            at_ += 1;
            content(out, qualified, depth);
        }
        bindings_.resize(scope);
    }

    void content(Element& out, const std::string& qualified, int depth) {
        for (;;) {
            if (at_ >= text_.size()) throw Failed{};
            if (looking_at("</")) {
                at_ += 2;
                if (name() != qualified) throw Failed{};
                skip_spaces();
                expect(">");
                return;
            }
            if (looking_at("<!--")) {
                comment();
            } else if (looking_at("<![CDATA[")) {
                at_ += 9;
                out.content.append(until("]]>"));
            } else if (looking_at("<?")) {
                processing_instruction();
            } else if (looking_at("<!")) {
                throw Failed{};
            } else if (peek() == '<') {
                Element child;
                element(child, depth + 1);
                out.content += child.content;
                out.children.push_back(std::move(child));
            } else if (peek() == '&') {
                reference(out.content);
            } else {
                std::size_t end = at_;
                while (end < text_.size() && text_[end] != '<' && text_[end] != '&') ++end;
                if (end == text_.size()) throw Failed{};
                std::string_view text = text_.substr(at_, end - at_);
                if (text.find("]]>") != std::string_view::npos) throw Failed{};
                out.content.append(text);
                at_ = end;
            }
        }
    }

    std::string_view text_;
    std::size_t at_ = 0;
    std::vector<Binding> bindings_;
};

}  // namespace

const Element* Element::child(std::string_view child_name) const {
    for (const auto& c : children)
        if (c.name == child_name) return &c;
    return nullptr;
}

std::string Element::attribute(std::string_view attribute_name) const {
    for (const auto& [name, value] : attributes)
        if (name == attribute_name) return value;
    return "";
}

std::optional<Element> parse(std::string_view text) {
    auto input = normalized(text);
    if (!input) return std::nullopt;
    try {
        return Parser(*input).document();
    } catch (const Failed&) {
        return std::nullopt;
    }
}

}  // namespace virtcheck::libvirt::native::xml
