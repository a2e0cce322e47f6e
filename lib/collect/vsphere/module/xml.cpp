#include "collect/vsphere/module/xml.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace virtcheck::vsphere::xml {
namespace {

// A reader of the XML that SOAP uses, straight into the tree: elements, attributes, character
// data, the five predefined entities, character references, CDATA, comments and processing
// instructions. A DTD (and so any other entity) is refused. The document must be well-formed
// UTF-8 XML: what does not read as such is refused, never guessed at. It replaced libxml2
// here because libxml2 spent ~45 instructions a byte on the answers of a large inventory
// (most of a check's run); tests/fuzz compares the two on every input the fuzzer makes.

constexpr std::string_view xsi_namespace = "http://www.w3.org/2001/XMLSchema-instance";
constexpr const char* dtd_refused = "the response has a DTD, which SOAP does not allow";
constexpr const char* entity_refused = "the response nests too deeply or uses entity references";

struct Malformed {
    const char* what;
};
struct Refused {
    const char* what;
};

// One table of byte classes: the scanner's inner loops test one bit per byte. The document
// ends with a NUL (its Buffer's) and has none inside (valid_utf8 refuses it): loops that
// stop at a NUL need no test for the end. NamePlain is a name character other than ':'.
enum : std::uint8_t { Space = 1, NameStart = 2, NameChar = 4, TextStop = 8, ValueSpecial = 16, NamePlain = 32 };

constexpr auto classes = [] {
    std::array<std::uint8_t, 256> table{};
    for (int c = 0; c < 256; ++c) {
        bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
        bool name = start || (c >= '0' && c <= '9') || c == '-' || c == '.';
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        bool text_stop = c == '<' || c == '&' || c == '\r' || c == ']' || c == 0;
        bool value_special = c == '<' || c == '&' || c == '"' || c == '\'' || (space && c != ' ') || c == 0;
        table[c] = static_cast<std::uint8_t>((space ? Space : 0) | (start ? NameStart : 0) | (name ? NameChar : 0) |
                                             (name && c != ':' ? NamePlain : 0) | (text_stop ? TextStop : 0) |
                                             (value_special ? ValueSpecial : 0));
    }
    return table;
}();

bool has(char c, std::uint8_t what) { return classes[static_cast<unsigned char>(c)] & what; }
bool is_space(char c) { return has(c, Space); }
bool is_name_start(unsigned char c) { return classes[c] & NameStart; }
bool is_name_char(unsigned char c) { return classes[c] & NameChar; }

// The first byte from `p` on that is the final NUL or one of `Stops` (which with the NUL make
// the class `stop`): sixteen bytes at a time while sixteen remain, for long values and text.
template <char... Stops>
const char* find_stop(const char* p, const char* end, std::uint8_t stop) {
#if defined(__SSE2__)
    while (end - p >= 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        __m128i hit = _mm_cmpeq_epi8(bytes, _mm_setzero_si128());
        ((hit = _mm_or_si128(hit, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(Stops)))), ...);
        if (int mask = _mm_movemask_epi8(hit)) return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#else
    (void)end;
#endif
    while (!has(*p, stop)) ++p;  // stops at the final NUL
    return p;
}

// Well-formed UTF-8 without the code points XML forbids (controls other than tab, newline and
// carriage return; surrogates; U+FFFE and U+FFFF).
bool valid_utf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    while (p < end) {
        // Sixteen, or eight, ASCII bytes at a time when none is a control character (SOAP is
        // mostly that).
#if defined(__SSE2__)
        if (end - p >= 16) {
            __m128i bytes16 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
            // Signed: bytes from 0x80 compare below 0x20 too.
            if (_mm_movemask_epi8(_mm_cmplt_epi8(bytes16, _mm_set1_epi8(0x20))) == 0) {
                p += 16;
                continue;
            }
        }
#endif
        if (end - p >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            constexpr std::uint64_t high = 0x8080808080808080ull, twenties = 0x2020202020202020ull;
            if (((w | (w - twenties)) & high) == 0) {  // every byte < 0x80 and >= 0x20
                p += 8;
                continue;
            }
        }
        unsigned char c = *p;
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
            ++p;
            continue;
        }
        int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (length == 0 || c > 0xF4 || end - p < length) return false;
        std::uint32_t code = c & (0x7F >> length);
        for (int i = 1; i < length; ++i) {
            if ((p[i] & 0xC0) != 0x80) return false;
            code = (code << 6) | (p[i] & 0x3F);
        }
        if ((length == 3 && code < 0x800) || (length == 4 && (code < 0x10000 || code > 0x10FFFF))) return false;
        if ((code >= 0xD800 && code <= 0xDFFF) || code == 0xFFFE || code == 0xFFFF) return false;
        p += length;
    }
    return true;
}

bool xml_char(std::uint32_t code) {
    return code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
           (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF);
}

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

std::string_view local_part(std::string_view qualified) {
    auto colon = qualified.rfind(':');
    return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

// The text of one element: a view of the document while it is one run of characters as they
// stand there (nearly always), a copy kept by the document once XML made it rewrite or join
// them (references, CR, CDATA, text around comments or child elements).
class Text {
public:
    explicit Text(std::deque<std::string>& copies) : copies_(copies) {}

    void plain(const char* begin, const char* end) {
        const auto length = static_cast<std::size_t>(end - begin);
        if (length == 0) return;
        if (copy_) copy_->append(begin, length);
        else if (view_.empty()) view_ = {begin, length};
        else rewritten().append(begin, length);
    }
    std::string& rewritten() {
        if (!copy_) copy_ = &copies_.emplace_back(view_);
        return *copy_;
    }
    std::string_view result() const { return copy_ ? std::string_view(*copy_) : view_; }

private:
    std::deque<std::string>& copies_;  // a deque: its strings stay where they are
    std::string* copy_ = nullptr;
    std::string_view view_;
};

}  // namespace

class Reader {
public:
    explicit Reader(Document& document)
        : document_(document),
          at_(document.bytes_.data()),
          begin_(document.bytes_.data()),
          end_(document.bytes_.data() + document.bytes_.size()),
          children_at_(max_depth + 2) {}

    void document() {
        if (end_ - at_ >= 3 && std::memcmp(at_, "\xEF\xBB\xBF", 3) == 0) at_ += 3;
        misc();
        if (at_ == end_) throw Malformed{"Document is empty"};
        if (*at_ != '<') throw Malformed{"Start tag expected, '<' not found"};
        element(document_.root_);
        misc();
        if (at_ != end_) throw Malformed{"Extra content at the end of the document"};
    }

    int line() const {
        int n = 1;
        for (const char* p = begin_; p < at_ && p < end_; ++p) n += *p == '\n';
        return n;
    }

private:
    struct Binding {  // a prefix declared by an open element
        std::string_view prefix;
        bool xsi;  // bound to the XML Schema instance namespace
    };

    bool starts(std::string_view s) const {
        return static_cast<std::size_t>(end_ - at_) >= s.size() && std::memcmp(at_, s.data(), s.size()) == 0;
    }
    void skip_space() {
        while (is_space(*at_)) ++at_;  // stops at the final NUL
    }
    // Past the next `terminator`, which must come.
    void skip_past(std::string_view terminator, const char* missing) {
        std::string_view rest(at_, static_cast<std::size_t>(end_ - at_));
        auto found = rest.find(terminator);
        if (found == std::string_view::npos) throw Malformed{missing};
        at_ += found + terminator.size();
    }

    void comment() {  // at "<!--"
        at_ += 4;
        std::string_view rest(at_, static_cast<std::size_t>(end_ - at_));
        auto found = rest.find("--");
        if (found == std::string_view::npos) throw Malformed{"Comment not terminated"};
        if (found + 2 >= rest.size() || rest[found + 2] != '>') throw Malformed{"Double hyphen within comment"};
        at_ += found + 3;
    }

    void processing_instruction() {  // at "<?"
        at_ += 2;
        if (at_ == end_ || !is_name_start(static_cast<unsigned char>(*at_)))
            throw Malformed{"xmlParsePI : no target name"};
        skip_past("?>", "PI not terminated");
    }

    // Whitespace, comments and processing instructions around the root element.
    void misc() {
        for (;;) {
            skip_space();
            if (starts("<?")) processing_instruction();
            else if (starts("<!--")) comment();
            else if (starts("<!DOCTYPE")) throw Refused{dtd_refused};
            else return;
        }
    }

    // A name; `local` is its part after the last colon (an element's local name).
    std::string_view name(std::string_view& local) {
        const char* start = at_;
        if (at_ == end_ || !is_name_start(static_cast<unsigned char>(*at_))) throw Malformed{"a name was expected"};
        const char* local_start = at_;
        for (;;) {
            while (has(*at_, NamePlain)) ++at_;  // stops at the final NUL
            if (*at_ != ':') break;
            local_start = ++at_;
        }
        local = {local_start, static_cast<std::size_t>(at_ - local_start)};
        return {start, static_cast<std::size_t>(at_ - start)};
    }

    // At '&': appends what the reference stands for.
    void reference(std::string& out) {
        const char* semicolon = static_cast<const char*>(std::memchr(at_, ';', static_cast<std::size_t>(end_ - at_)));
        if (!semicolon || semicolon - at_ > 64) throw Malformed{"EntityRef: expecting ';'"};
        std::string_view ref(at_ + 1, static_cast<std::size_t>(semicolon - at_ - 1));
        at_ = semicolon + 1;
        if (ref == "lt") out += '<';
        else if (ref == "gt") out += '>';
        else if (ref == "amp") out += '&';
        else if (ref == "quot") out += '"';
        else if (ref == "apos") out += '\'';
        else if (!ref.empty() && ref[0] == '#') append_utf8(out, character_reference(ref.substr(1)));
        else throw Refused{entity_refused};
    }

    std::uint32_t character_reference(std::string_view digits) {
        int base = 10;
        if (!digits.empty() && digits[0] == 'x') base = 16, digits.remove_prefix(1);
        if (digits.empty()) throw Malformed{"CharRef: invalid decimal value"};
        std::uint32_t code = 0;
        for (char c : digits) {
            int digit = c >= '0' && c <= '9' ? c - '0'
                        : base == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : base == 16 && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                              : -1;
            if (digit < 0) throw Malformed{"CharRef: invalid value"};
            code = code * base + static_cast<std::uint32_t>(digit);
            if (code > 0x10FFFF) throw Malformed{"CharRef: invalid xmlChar value"};
        }
        if (!xml_char(code)) throw Malformed{"xmlParseCharRef: invalid xmlChar value"};
        return code;
    }

    // A quoted attribute value with its references replaced and white space normalised as
    // XML says (each tab, newline or carriage return becomes a space; CR LF one space).
    // The view is into the document, or into the document's copies when it was rewritten.
    std::string_view attribute_value() {
        if (at_ == end_ || (*at_ != '"' && *at_ != '\'')) throw Malformed{"AttValue: \" or ' expected"};
        char quote = *at_++;
        const char* start = at_;
        at_ = find_stop<'<', '&', '"', '\'', '\t', '\n', '\r'>(at_, end_, ValueSpecial);
        if (at_ < end_ && *at_ == quote) return {start, static_cast<std::size_t>(at_++ - start)};
        std::string value(start, static_cast<std::size_t>(at_ - start));
        while (at_ < end_ && *at_ != quote) {
            char c = *at_;
            if (c == '<') throw Malformed{"Unescaped '<' not allowed in attributes values"};
            if (c == '&') {
                reference(value);
                continue;
            }
            if (c == '\r' && at_ + 1 < end_ && at_[1] == '\n') ++at_;
            value += is_space(c) ? ' ' : c;
            ++at_;
        }
        if (at_ == end_) throw Malformed{"AttValue: ' expected"};
        ++at_;
        return document_.rewritten_.emplace_back(std::move(value));
    }

    // Character data up to the next '<', line ends normalised (CR LF and CR become LF).
    void text(Text& out) {
        while (at_ < end_ && *at_ != '<') {
            const char* stop = at_;
            for (;;) {  // a ']' is text unless it starts "]]>"
                stop = find_stop<'<', '&', '\r', ']'>(stop, end_, TextStop);
                if (stop == end_ || *stop != ']') break;
                if (end_ - stop >= 3 && std::memcmp(stop, "]]>", 3) == 0) {
                    out.plain(at_, stop);
                    at_ = stop;
                    throw Malformed{"Sequence ']]>' not allowed in content"};
                }
                ++stop;
            }
            out.plain(at_, stop);
            at_ = stop;
            if (at_ == end_ || *at_ == '<') break;
            if (*at_ == '&') {
                reference(out.rewritten());
            } else {  // '\r'
                out.rewritten() += '\n';
                at_ += (at_ + 1 < end_ && at_[1] == '\n') ? 2 : 1;
            }
        }
    }

    void cdata(Text& out) {  // at "<![CDATA["
        at_ += 9;
        const char* start = at_;
        skip_past("]]>", "CData section not finished");
        const char* end = at_ - 3;
        for (const char* p = start; p < end; ++p) {
            if (*p != '\r') continue;
            out.plain(start, p);
            out.rewritten() += '\n';
            if (p + 1 < end && p[1] == '\n') ++p;
            start = p + 1;
        }
        out.plain(start, end);
    }

    bool is_xsi(std::string_view prefix) const {
        for (auto b = bindings_.rbegin(); b != bindings_.rend(); ++b)
            if (b->prefix == prefix) return b->xsi;
        return false;
    }

    // At '<' of a start tag: the element, its attributes and its content, into `node`.
    void element(Node& node) {
        if (depth_ > max_depth) throw Refused{entity_refused};
        ++at_;
        const std::string_view qualified = name(node.name);
        // Declarations apply to the element's own attributes, so the xsi:type is resolved
        // once all of them are read. A type given twice is refused, as libxml2 does.
        prefixed_types_.clear();
        bool ref_typed = false;
        const std::size_t bindings_before = bindings_.size();
        for (;;) {
            bool spaced = is_space(*at_);
            skip_space();
            if (at_ == end_) throw Malformed{"Couldn't find end of Start Tag"};
            if (*at_ == '>' || (*at_ == '/' && at_[1] == '>')) break;
            if (!spaced) throw Malformed{"attributes construct error"};
            std::string_view local;
            std::string_view attribute = name(local);
            skip_space();
            if (at_ == end_ || *at_ != '=') throw Malformed{"Specification mandates value for attribute"};
            ++at_;
            skip_space();
            std::string_view value = attribute_value();
            if (attribute.starts_with("xmlns:")) {
                bindings_.push_back({attribute.substr(6), value == xsi_namespace});
            } else if (attribute == "type") {
                if (ref_typed) throw Malformed{"Attribute type redefined"};
                ref_typed = true;
                node.ref_type = value;
            } else if (auto colon = attribute.find(':');
                       colon != std::string_view::npos && attribute.substr(colon + 1) == "type") {
                prefixed_types_.emplace_back(attribute.substr(0, colon), value);
            }
        }
        bool xsi_typed = false;
        for (const auto& [prefix, value] : prefixed_types_) {
            if (!is_xsi(prefix)) continue;
            if (xsi_typed) throw Malformed{"Namespaced Attribute type redefined"};
            xsi_typed = true;
            node.xsi_type = local_part(value);
        }
        if (*at_ == '/') {
            at_ += 2;
        } else {
            ++at_;
            ++depth_;
            content(node);
            --depth_;
            // At "</".
            at_ += 2;
            const char* close = at_;
            if (static_cast<std::size_t>(end_ - close) < qualified.size() ||
                std::memcmp(close, qualified.data(), qualified.size()) != 0)
                throw Malformed{"Opening and ending tag mismatch"};
            at_ += qualified.size();
            if (at_ < end_ && is_name_char(static_cast<unsigned char>(*at_))) throw Malformed{"Opening and ending tag mismatch"};
            skip_space();
            if (at_ == end_ || *at_ != '>') throw Malformed{"expected '>'"};
            ++at_;
        }
        bindings_.resize(bindings_before);
    }

    // Up to the element's end tag ("</" is where it stops).
    // The children are read into the vector kept for their depth and copied side by side into
    // the document's node memory once they are all known: one block per element, never freed
    // one by one.
    void content(Node& node) {
        std::vector<Node>& children = children_at_[depth_];
        Text text_inside(document_.rewritten_);
        for (;;) {
            text(text_inside);
            if (at_ == end_) throw Malformed{"Premature end of data in tag"};
            const char after = at_[1];  // at '<': the final NUL at worst
            if (after == '/') break;
            if (after == '!') {
                if (starts("<!--")) comment();
                else if (starts("<![CDATA[")) cdata(text_inside);
                else throw Malformed{"'<!' that is no comment and no CDATA section"};
            } else if (after == '?') {
                processing_instruction();
            } else {
                element(children.emplace_back());
            }
        }
        node.text = text_inside.result();
        if (!children.empty()) {
            void* block = document_.nodes_.allocate(children.size() * sizeof(Node), alignof(Node));
            Node* placed = std::uninitialized_copy(children.begin(), children.end(), static_cast<Node*>(block));
            node.children = {static_cast<Node*>(block), placed};
            children.clear();
        }
    }

    Document& document_;
    const char* at_;
    const char* begin_;
    const char* end_;
    std::size_t depth_ = 0;
    std::vector<Binding> bindings_;
    std::vector<std::vector<Node>> children_at_;  // by depth: the children being read
    std::vector<std::pair<std::string_view, std::string_view>> prefixed_types_;  // P:type of one start tag
};

// The node memory starts at the size of the bytes: about what a vSphere answer's tree takes.
Document::Document(Buffer bytes) : bytes_(std::move(bytes)), nodes_(bytes_.size() + 64) {}

const Node* Node::child(std::string_view local_name) const {
    for (const Node& c : children)
        if (c.name == local_name) return &c;
    return nullptr;
}

std::vector<const Node*> Node::all(std::string_view local_name) const {
    std::vector<const Node*> found;
    for (const Node& c : children)
        if (c.name == local_name) found.push_back(&c);
    return found;
}

std::string_view Node::child_text(std::string_view local_name) const {
    const Node* c = child(local_name);
    return c ? c->text : std::string_view();
}

std::shared_ptr<const Document> parse(Buffer bytes, std::string& why) {
    if (bytes.empty() || bytes.view().find_first_not_of(" \t\r\n") == std::string_view::npos) {
        why = "the response is an empty XML document";
        return nullptr;
    }
    if (!valid_utf8(bytes.view())) {
        why = "the response is not well-formed XML (it is not UTF-8 text)";
        return nullptr;
    }
    auto document = std::make_shared<Document>(std::move(bytes));
    Reader reader(*document);
    try {
        reader.document();
        return document;
    } catch (const Refused& refused) {
        why = refused.what;
    } catch (const Malformed& malformed) {
        why = "the response is not well-formed XML (line " + std::to_string(reader.line()) + ": " + malformed.what + ")";
    }
    return nullptr;
}

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace virtcheck::vsphere::xml
