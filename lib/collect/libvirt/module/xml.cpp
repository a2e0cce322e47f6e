#include "collect/libvirt/module/xml.hpp"

namespace virtcheck::libvirt::xml {

Document parse(std::string_view text, const char* name) {
    return Document(xmlReadMemory(text.data(), static_cast<int>(text.size()), name, nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

xmlNode* root(const Document& doc) { return doc ? xmlDocGetRootElement(doc.get()) : nullptr; }

bool named(const xmlNode* node, const char* name) {
    return node && node->type == XML_ELEMENT_NODE && xmlStrcmp(node->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

xmlNode* child(const xmlNode* node, const char* name) {
    for (xmlNode* c = node ? node->children : nullptr; c; c = c->next)
        if (named(c, name)) return c;
    return nullptr;
}

std::string attribute(xmlNode* node, const char* name) {
    if (!node) return "";
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    std::string result = value ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return result;
}

std::string text(xmlNode* node) {
    if (!node) return "";
    xmlChar* content = xmlNodeGetContent(node);
    std::string result = content ? reinterpret_cast<const char*>(content) : "";
    xmlFree(content);
    return result;
}

}  // namespace virtcheck::libvirt::xml
