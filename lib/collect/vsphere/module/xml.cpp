#include "collect/vsphere/module/xml.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstring>
#include <memory>

namespace virtcheck::vsphere::xml {
namespace {

constexpr const char* xsi_namespace = "http://www.w3.org/2001/XMLSchema-instance";

std::string after_prefix(const char* qualified) {
    const char* colon = std::strrchr(qualified, ':');
    return colon ? colon + 1 : qualified;
}

struct DocFree {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

bool convert(const xmlNode* element, Node& out, std::size_t depth) {
    if (depth > max_depth) return false;
    out.name = reinterpret_cast<const char*>(element->name);
    for (const xmlAttr* a = element->properties; a; a = a->next) {
        if (std::strcmp(reinterpret_cast<const char*>(a->name), "type") != 0) continue;
        xmlChar* value = xmlNodeGetContent(reinterpret_cast<const xmlNode*>(a));
        std::string text = value ? reinterpret_cast<const char*>(value) : "";
        xmlFree(value);
        if (a->ns && a->ns->href && std::strcmp(reinterpret_cast<const char*>(a->ns->href), xsi_namespace) == 0)
            out.xsi_type = after_prefix(text.c_str());
        else if (!a->ns)
            out.ref_type = text;
    }
    for (const xmlNode* c = element->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            out.children.emplace_back();
            if (!convert(c, out.children.back(), depth + 1)) return false;
        } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            out.text += reinterpret_cast<const char*>(c->content);
        } else if (c->type == XML_ENTITY_REF_NODE) {
            return false;  // never expanded, never trusted
        }
    }
    return true;
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
    std::unique_ptr<xmlDoc, DocFree> doc(xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), "response.xml",
                                                       nullptr,
                                                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                                           XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA));
    if (!doc) {
        const xmlError* error = xmlGetLastError();
        why = "the response is not well-formed XML";
        if (error && error->message) {
            std::string message = error->message;
            while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
            why += " (line " + std::to_string(error->line) + ": " + message + ")";
        }
        return std::nullopt;
    }
    if (doc->intSubset || doc->extSubset) {
        why = "the response has a DTD, which SOAP does not allow";
        return std::nullopt;
    }
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!root) {
        why = "the response is an empty XML document";
        return std::nullopt;
    }
    Node tree;
    if (!convert(root, tree, 0)) {
        why = "the response nests too deeply or uses entity references";
        return std::nullopt;
    }
    return tree;
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
