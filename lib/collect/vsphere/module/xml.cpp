#include "collect/vsphere/module/xml.hpp"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <cstring>
#include <memory>

namespace virtcheck::vsphere::xml {
namespace {

constexpr const char* xsi_namespace = "http://www.w3.org/2001/XMLSchema-instance";

const char* text_of(const xmlChar* text) { return reinterpret_cast<const char*>(text); }

std::string after_prefix(std::string_view qualified) {
    auto colon = qualified.rfind(':');
    return std::string(colon == std::string_view::npos ? qualified : qualified.substr(colon + 1));
}

// Builds the tree straight from libxml2's SAX events: no libxml2 document in between. The
// SAX1 interface, with the namespaces resolved here: only the prefix of xsi:type matters, and
// libxml2's own namespace handling parses every namespace URI (vcsim declares one on every
// value), which was a tenth of the whole parse.
struct Builder {
    xmlParserCtxtPtr parser = nullptr;
    Node root;
    std::vector<Node*> open;  // the element being read and its ancestors
    bool started = false;
    std::string refused;      // why the document is refused although well-formed
    struct Binding {
        std::string prefix;
        bool xsi;            // bound to the XML Schema instance namespace
        std::size_t depth;   // of the element that declared it
    };
    std::vector<Binding> bindings;

    void refuse(const char* why) {
        if (refused.empty()) refused = why;
        xmlStopParser(parser);
    }
    bool is_xsi(std::string_view prefix) const {
        for (auto b = bindings.rbegin(); b != bindings.rend(); ++b)
            if (b->prefix == prefix) return b->xsi;
        return false;
    }
};

Builder& builder(void* context) { return *static_cast<Builder*>(context); }

void on_start(void* context, const xmlChar* qualified_name, const xmlChar** attributes) {
    Builder& b = builder(context);
    if (!b.refused.empty()) return;
    if (b.open.size() > max_depth) return b.refuse("the response nests too deeply or uses entity references");
    Node* node = &b.root;
    if (!b.open.empty()) node = &b.open.back()->children.emplace_back();
    else if (b.started) return b.refuse("the response has more than one root element");
    b.started = true;
    std::string_view name = text_of(qualified_name);
    if (auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    node->name = name;
    // Name and value pairs. Declarations first: they apply to this element's own attributes.
    std::string_view type_prefix, type_value;
    bool typed = false;
    for (const xmlChar** a = attributes; a && a[0]; a += 2) {
        std::string_view attribute = text_of(a[0]);
        std::string_view value = a[1] ? text_of(a[1]) : "";
        if (attribute.starts_with("xmlns:"))
            b.bindings.push_back({std::string(attribute.substr(6)), value == xsi_namespace, b.open.size()});
        else if (attribute == "type")
            node->ref_type = value;
        else if (auto colon = attribute.find(':'); colon != std::string_view::npos && attribute.substr(colon + 1) == "type")
            type_prefix = attribute.substr(0, colon), type_value = value, typed = true;
    }
    if (typed && b.is_xsi(type_prefix)) node->xsi_type = after_prefix(type_value);
    b.open.push_back(node);
}

void on_end(void* context, const xmlChar*) {
    Builder& b = builder(context);
    if (b.open.empty()) return;
    b.open.pop_back();
    while (!b.bindings.empty() && b.bindings.back().depth >= b.open.size()) b.bindings.pop_back();
}

void on_text(void* context, const xmlChar* text, int length) {
    Builder& b = builder(context);
    if (!b.open.empty() && length > 0) b.open.back()->text.append(text_of(text), static_cast<std::size_t>(length));
}

void on_blank(void*, const xmlChar*, int) {}

// Entities are never expanded and never trusted; a DTD has no place in SOAP.
void on_reference(void* context, const xmlChar*) {
    builder(context).refuse("the response nests too deeply or uses entity references");
}
void on_subset(void* context, const xmlChar*, const xmlChar*, const xmlChar*) {
    builder(context).refuse("the response has a DTD, which SOAP does not allow");
}

}  // namespace

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

std::string Node::child_text(std::string_view local_name) const {
    const Node* c = child(local_name);
    return c ? c->text : std::string();
}

std::optional<Node> parse(std::string_view bytes, std::string& why) {
    // SOAP forbids a DTD; refusing one before libxml2 sees it rules out entity tricks
    // (billion laughs, external entities) whatever the parser's own defences.
    if (bytes.find("<!DOCTYPE") != std::string_view::npos || bytes.find("<!ENTITY") != std::string_view::npos) {
        why = "the response has a DTD, which SOAP does not allow";
        return std::nullopt;
    }
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) {
        why = "the response is too large";
        return std::nullopt;
    }
    xmlSAXHandler sax{};
    sax.initialized = 1;  // SAX1: see Builder
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    sax.ignorableWhitespace = on_blank;
    sax.reference = on_reference;
    sax.internalSubset = on_subset;
    sax.externalSubset = on_subset;
    Builder b;
    std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> parser(
        xmlCreateMemoryParserCtxt(bytes.data(), static_cast<int>(bytes.size())), xmlFreeParserCtxt);
    if (!parser) {
        why = "the XML parser could not be made";
        return std::nullopt;
    }
    b.parser = parser.get();
    *parser->sax = sax;
    parser->userData = &b;
    xmlCtxtUseOptions(parser.get(), XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS |
                                        XML_PARSE_NOCDATA);
    int failed = xmlParseDocument(parser.get());
    if (!b.refused.empty()) {
        why = b.refused;
        return std::nullopt;
    }
    if (failed || !parser->wellFormed) {
        const xmlError* error = xmlCtxtGetLastError(parser.get());
        why = "the response is not well-formed XML";
        if (error && error->message) {
            std::string message = error->message;
            while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
            why += " (line " + std::to_string(error->line) + ": " + message + ")";
        }
        return std::nullopt;
    }
    if (!b.started) {
        why = "the response is an empty XML document";
        return std::nullopt;
    }
    return std::move(b.root);
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
