#pragma once
// The PropertyCollector's answers (RetrievePropertiesEx, ContinueRetrievePropertiesEx):
// objects with their properties by path, the properties the server could not give, and the
// paging token. Pure: the fuzz target and the unit tests call it on recorded bytes.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collect/vsphere/module/soap.hpp"
#include "collect/vsphere/module/xml.hpp"

namespace virtcheck::vsphere {

struct MissingProperty {
    std::string path;
    soap::Fault fault;
};

// The values are nodes of the answer's document, which the object keeps alive.
struct ObjectContent {
    MoRef obj;
    std::vector<std::pair<std::string_view, const xml::Node*>> properties;  // path -> val
    std::vector<MissingProperty> missing;
    std::shared_ptr<const xml::Document> document;

    const xml::Node* property(std::string_view path) const;
};

struct RetrieveResult {
    std::vector<ObjectContent> objects;
    std::string token;  // empty: no more pages
};

// From a RetrievePropertiesExResponse or ContinueRetrievePropertiesExResponse element
// (which has no returnval when nothing matched). Unknown elements are ignored.
RetrieveResult retrieve_result_of(const soap::Answer& response);

// The whole path for the fuzz target: envelope bytes -> result. Throws soap::Fault and
// soap::Malformed.
RetrieveResult parse_retrieve_response(std::string_view bytes);

}  // namespace virtcheck::vsphere
