#include "collect/libvirt/module/capabilities.hpp"

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include <algorithm>
#include <memory>

#include "core/errors.hpp"

namespace virtcheck::libvirt {
namespace {

struct DocFree {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct ContextFree {
    void operator()(xmlXPathContext* context) const { xmlXPathFreeContext(context); }
};
struct ObjectFree {
    void operator()(xmlXPathObject* object) const { xmlXPathFreeObject(object); }
};
using XPathResult = std::unique_ptr<xmlXPathObject, ObjectFree>;

XPathResult evaluate(xmlXPathContext* context, const char* expression) {
    return XPathResult(xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(expression), context));
}

std::string text_of(xmlNode* node) {
    xmlChar* content = xmlNodeGetContent(node);
    std::string text = content ? reinterpret_cast<const char*>(content) : "";
    xmlFree(content);
    return text;
}

}  // namespace

model::Capabilities parse_capabilities(std::string_view xml) {
    // NONET: never fetch anything the document refers to; the XML comes from the hypervisor.
    std::unique_ptr<xmlDoc, DocFree> doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "capabilities.xml",
                                                       nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                                    XML_PARSE_NOWARNING));
    if (!doc) throw CollectError(CollectError::Kind::Failed, "the host capabilities are not valid XML");
    std::unique_ptr<xmlXPathContext, ContextFree> context(xmlXPathNewContext(doc.get()));

    model::Capabilities capabilities;
    if (auto arch = evaluate(context.get(), "/capabilities/host/cpu/arch"); arch && arch->nodesetval &&
                                                                             arch->nodesetval->nodeNr > 0)
        capabilities.host_arch = text_of(arch->nodesetval->nodeTab[0]);

    auto arches = evaluate(context.get(), "/capabilities/guest/arch");
    if (!arches || !arches->nodesetval) return capabilities;
    for (int i = 0; i < arches->nodesetval->nodeNr; ++i) {
        xmlNode* arch = arches->nodesetval->nodeTab[i];
        xmlChar* name = xmlGetProp(arch, reinterpret_cast<const xmlChar*>("name"));
        bool host_arch = capabilities.host_arch.empty() ||
                         (name && capabilities.host_arch == reinterpret_cast<const char*>(name));
        xmlFree(name);
        if (!host_arch) continue;
        for (xmlNode* child = arch->children; child; child = child->next) {
            if (child->type != XML_ELEMENT_NODE || xmlStrcmp(child->name, reinterpret_cast<const xmlChar*>("domain")))
                continue;
            xmlChar* type = xmlGetProp(child, reinterpret_cast<const xmlChar*>("type"));
            std::string domain_type = type ? reinterpret_cast<const char*>(type) : "";
            xmlFree(type);
            auto& types = capabilities.domain_types;
            if (!domain_type.empty() && std::find(types.begin(), types.end(), domain_type) == types.end())
                types.push_back(domain_type);
        }
    }
    return capabilities;
}

}  // namespace virtcheck::libvirt
