#pragma once
// SOAP 1.1 framing of the vSphere Web Services API: request envelopes, and the answer's
// body element or its fault.
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "collect/vsphere/module/xml.hpp"
#include "collect/vsphere/vsphere.hpp"

namespace virtcheck::vsphere::soap {

// A fault the server answered with, named by its type ("NotAuthenticated", "InvalidLogin",
// "NoPermission", "ManagedObjectNotFound"...). The texts are the server's (untrusted).
struct Fault : std::runtime_error {
    std::string type;
    std::string privilege;  // NoPermission and NotAuthenticated: privilegeId
    MoRef object;           // NoPermission: object; ManagedObjectNotFound: obj
    Fault(std::string fault_type, const std::string& message)
        : std::runtime_error(message), type(std::move(fault_type)) {}
};

// The response was not a SOAP answer we can read (not XML, no Body, ...).
struct Malformed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string envelope(std::string_view body);

// `<_this type="T">V</_this>` and other references.
std::string ref_element(std::string_view element, const MoRef& ref);

// The first element inside Body (e.g. RetrievePropertiesExResponse), with the document it
// is part of.
struct Answer {
    std::shared_ptr<const xml::Document> document;
    const xml::Node* body = nullptr;

    const xml::Node& operator*() const { return *body; }
    const xml::Node* operator->() const { return body; }
};

// Throws Fault when the body holds a Fault, Malformed otherwise.
Answer response_body(Buffer bytes);
inline Answer response_body(std::string_view bytes) { return response_body(Buffer(bytes)); }

// The fault inside a parsed Fault element (for tests and missingSet entries).
Fault fault_of(const xml::Node& fault_element);
// A LocalizedMethodFault (missingSet/fault): its inner "fault" element.
Fault localized_fault_of(const xml::Node& localized);

MoRef ref_of(const xml::Node& node);

}  // namespace virtcheck::vsphere::soap
