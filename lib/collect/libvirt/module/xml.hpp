#pragma once
// Small libxml2 helpers for reading the XML libvirt returns. The XML is untrusted: it is
// parsed without network access and without printing errors; bad XML gives an empty document.
#include <libxml/parser.h>

#include <memory>
#include <string>
#include <string_view>

namespace virtcheck::libvirt::xml {

struct DocFree {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using Document = std::unique_ptr<xmlDoc, DocFree>;

// Null when `text` is not well-formed XML.
Document parse(std::string_view text, const char* name);

// The root element, or null.
xmlNode* root(const Document& doc);

// True for an element called `name`.
bool named(const xmlNode* node, const char* name);

// The first child element called `name`, or null.
xmlNode* child(const xmlNode* node, const char* name);

// An attribute's value, "" when absent.
std::string attribute(xmlNode* node, const char* name);

// The text inside an element, "" for null.
std::string text(xmlNode* node);

}  // namespace virtcheck::libvirt::xml
