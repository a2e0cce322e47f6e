#include "collect/libvirt/module/domain_xml.hpp"

#include <libxml/parser.h>

#include <memory>

namespace virtcheck::libvirt {
namespace {

struct DocFree {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

bool named(const xmlNode* node, const char* name) {
    return node->type == XML_ELEMENT_NODE && xmlStrcmp(node->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

std::string attribute(xmlNode* node, const char* name) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    std::string text = value ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return text;
}

xmlNode* child(xmlNode* node, const char* name) {
    for (xmlNode* c = node->children; c; c = c->next)
        if (named(c, name)) return c;
    return nullptr;
}

}  // namespace

DomainDevices parse_domain_devices(std::string_view xml) {
    DomainDevices devices;
    std::unique_ptr<xmlDoc, DocFree> doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "domain.xml", nullptr,
                                                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!doc) return devices;
    xmlNode* root = xmlDocGetRootElement(doc.get());
    xmlNode* list = root ? child(root, "devices") : nullptr;
    for (xmlNode* device = list ? list->children : nullptr; device; device = device->next) {
        xmlNode* target = device->type == XML_ELEMENT_NODE ? child(device, "target") : nullptr;
        std::string dev = target ? attribute(target, "dev") : "";
        if (dev.empty()) continue;
        if (named(device, "disk")) {
            xmlNode* source = child(device, "source");
            std::string path;
            for (const char* attr : {"file", "dev", "name", "volume"})
                if (path.empty() && source) path = attribute(source, attr);
            devices.disks.emplace_back(dev, path);
        } else if (named(device, "interface")) {
            devices.interfaces.push_back(dev);
        }
    }
    return devices;
}

}  // namespace virtcheck::libvirt
