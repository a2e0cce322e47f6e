// libxml2's reading of a SOAP answer into the tree that collect/vsphere/module/xml.cpp makes
// by itself: SAX2 events, libxml2 resolving the namespaces. The module used this code before
// it had its own reader; it stays as the reference of fuzz_vsphere_xml.
#include "vsphere_xml_oracle.hpp"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <cstring>
#include <memory>

namespace virtcheck::vsphere::xml_oracle {

using xml::max_depth;
namespace {

constexpr const char* xsi_namespace = "http://www.w3.org/2001/XMLSchema-instance";

const char* text_of(const xmlChar* text) { return reinterpret_cast<const char*>(text); }

std::string after_prefix(std::string_view qualified) {
    auto colon = qualified.rfind(':');
    return std::string(colon == std::string_view::npos ? qualified : qualified.substr(colon + 1));
}

// Builds the tree straight from libxml2's SAX2 events: no libxml2 document in between, which
// halves the work for a large inventory (a DOM built, copied and freed again).
struct Builder {
    xmlParserCtxtPtr parser = nullptr;
    Node root;
    std::vector<Node*> open;  // the element being read and its ancestors
    bool started = false;
    std::string refused;      // why the document is refused although well-formed

    void refuse(const char* why) {
        if (refused.empty()) refused = why;
        xmlStopParser(parser);
    }
};

Builder& builder(void* context) { return *static_cast<Builder*>(context); }

void on_start(void* context, const xmlChar* local_name, const xmlChar*, const xmlChar*, int, const xmlChar**,
              int attribute_count, int, const xmlChar** attributes) {
    Builder& b = builder(context);
    if (!b.refused.empty()) return;
    if (b.open.size() > max_depth) return b.refuse("the response nests too deeply or uses entity references");
    Node* node = &b.root;
    if (!b.open.empty()) node = &b.open.back()->children.emplace_back();
    else if (b.started) return b.refuse("the response has more than one root element");
    b.started = true;
    node->name = text_of(local_name);
    // Five pointers per attribute: local name, prefix, namespace URI, value start, value end.
    for (int i = 0; i < attribute_count; ++i) {
        const xmlChar** a = attributes + 5 * i;
        if (std::strcmp(text_of(a[0]), "type") != 0) continue;
        std::string_view value(text_of(a[3]), static_cast<std::size_t>(a[4] - a[3]));
        if (a[2] && std::strcmp(text_of(a[2]), xsi_namespace) == 0) node->xsi_type = after_prefix(value);
        else if (!a[2]) node->ref_type = std::string(value);
    }
    b.open.push_back(node);
}

void on_end(void* context, const xmlChar*, const xmlChar*, const xmlChar*) {
    Builder& b = builder(context);
    if (!b.open.empty()) b.open.pop_back();
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

std::optional<Node> parse(std::string_view bytes, std::string& why, Verdict& verdict) {
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
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    sax.ignorableWhitespace = on_blank;
    sax.reference = on_reference;
    sax.internalSubset = on_subset;
    sax.externalSubset = on_subset;
    Builder b;
    std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> parser(
        xmlCreatePushParserCtxt(&sax, &b, nullptr, 0, "response.xml"), xmlFreeParserCtxt);
    if (!parser) {
        why = "the XML parser could not be made";
        return std::nullopt;
    }
    b.parser = parser.get();
    xmlCtxtUseOptions(parser.get(), XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS |
                                        XML_PARSE_NOCDATA);
    int failed = xmlParseChunk(parser.get(), bytes.data(), static_cast<int>(bytes.size()), 1);
    if (!b.refused.empty()) {
        why = b.refused;
        return std::nullopt;
    }
    verdict.namespaces_well_formed = parser->nsWellFormed;
    verdict.transcoded = parser->input && parser->input->buf && parser->input->buf->encoder;
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

}  // namespace virtcheck::vsphere::xml_oracle
