#include "collect/libvirt/module/domain_xml.hpp"

#include "collect/libvirt/module/xml.hpp"

namespace virtcheck::libvirt {

DomainDevices parse_domain_devices(std::string_view text) {
    using namespace xml;
    DomainDevices devices;
    auto doc = parse(text, "domain.xml");
    xmlNode* list = child(root(doc), "devices");
    for (xmlNode* device = list ? list->children : nullptr; device; device = device->next) {
        std::string dev = attribute(child(device, "target"), "dev");
        if (dev.empty()) continue;
        if (named(device, "disk")) {
            xmlNode* source = child(device, "source");
            std::string path;
            for (const char* attr : {"file", "dev", "name", "volume"})
                if (path.empty()) path = attribute(source, attr);
            devices.disks.push_back({dev, path, attribute(device, "type")});
        } else if (named(device, "interface")) {
            devices.interfaces.push_back(dev);
        }
    }
    return devices;
}

}  // namespace virtcheck::libvirt
