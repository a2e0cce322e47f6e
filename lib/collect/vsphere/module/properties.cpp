#include "collect/vsphere/module/properties.hpp"

namespace virtcheck::vsphere {

const xml::Node* ObjectContent::property(std::string_view path) const {
    for (const auto& [name, value] : properties)
        if (name == path) return value;
    return nullptr;
}

RetrieveResult retrieve_result_of(const soap::Answer& response) {
    RetrieveResult result;
    for (const xml::Node& returnval : response->children) {
        if (returnval.name != "returnval") continue;
        result.objects.reserve(result.objects.size() + returnval.children.size());  // nearly all are objects
        for (const xml::Node& part : returnval.children) {
            if (part.name == "token") {
                result.token = part.text;
            } else if (part.name == "objects") {
                ObjectContent& object = result.objects.emplace_back();
                object.document = response.document;
                object.properties.reserve(part.children.size());
                for (const xml::Node& field : part.children) {
                    if (field.name == "obj") {
                        object.obj = soap::ref_of(field);
                    } else if (field.name == "propSet") {
                        std::string_view name = field.child_text("name");
                        for (const xml::Node& val : field.children)
                            if (val.name == "val") object.properties.emplace_back(name, &val);
                    } else if (field.name == "missingSet") {
                        const xml::Node* fault = field.child("fault");
                        object.missing.push_back(
                            {std::string(field.child_text("path")),
                             fault ? soap::localized_fault_of(*fault) : soap::Fault("unknown fault", "")});
                    }
                }
            }
        }
    }
    return result;
}

RetrieveResult parse_retrieve_response(std::string_view bytes) {
    return retrieve_result_of(soap::response_body(bytes));
}

}  // namespace virtcheck::vsphere
