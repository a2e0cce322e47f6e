#include "collect/vsphere/module/properties.hpp"

namespace virtcheck::vsphere {

const xml::Node* ObjectContent::property(std::string_view path) const {
    for (const auto& [name, value] : properties)
        if (name == path) return &value;
    return nullptr;
}

RetrieveResult retrieve_result_of(xml::Node&& response) {
    RetrieveResult result;
    for (xml::Node& returnval : response.children) {
        if (returnval.name != "returnval") continue;
        for (xml::Node& part : returnval.children) {
            if (part.name == "token") {
                result.token = part.text;
            } else if (part.name == "objects") {
                ObjectContent object;
                for (xml::Node& field : part.children) {
                    if (field.name == "obj") {
                        object.obj = soap::ref_of(field);
                    } else if (field.name == "propSet") {
                        std::string name = field.child_text("name");
                        for (xml::Node& val : field.children)
                            if (val.name == "val") object.properties.emplace_back(name, std::move(val));
                    } else if (field.name == "missingSet") {
                        const xml::Node* fault = field.child("fault");
                        object.missing.push_back(
                            {field.child_text("path"),
                             fault ? soap::localized_fault_of(*fault) : soap::Fault("unknown fault", "")});
                    }
                }
                result.objects.push_back(std::move(object));
            }
        }
    }
    return result;
}

RetrieveResult parse_retrieve_response(std::string_view bytes) {
    return retrieve_result_of(soap::response_body(bytes));
}

}  // namespace virtcheck::vsphere
