#include "collect/vsphere/module/soap.hpp"

namespace virtcheck::vsphere::soap {
namespace {

// "NoPermissionFault" (vCenter's detail element) and "NoPermission" (its xsi:type) alike.
std::string fault_type_of(const xml::Node& detail_child) {
    if (!detail_child.xsi_type.empty()) return std::string(detail_child.xsi_type);
    std::string_view name = detail_child.name;
    constexpr std::string_view suffix = "Fault";
    if (name.size() > suffix.size() && name.ends_with(suffix)) name.remove_suffix(suffix.size());
    return std::string(name);
}

void fill_details(Fault& fault, const xml::Node& detail) {
    fault.privilege = detail.child_text("privilegeId");
    if (const xml::Node* object = detail.child("object")) fault.object = ref_of(*object);
    if (const xml::Node* obj = detail.child("obj")) fault.object = ref_of(*obj);
}

}  // namespace

std::string envelope(std::string_view body) {
    std::string text =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
        "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<soapenv:Body>";
    text += body;
    text += "</soapenv:Body></soapenv:Envelope>";
    return text;
}

std::string ref_element(std::string_view element, const MoRef& ref) {
    std::string e(element);
    return "<" + e + " type=\"" + xml::escape(ref.type) + "\">" + xml::escape(ref.value) + "</" + e + ">";
}

MoRef ref_of(const xml::Node& node) { return MoRef{std::string(node.ref_type), std::string(node.text)}; }

Fault fault_of(const xml::Node& fault_element) {
    std::string message(fault_element.child_text("faultstring"));
    const xml::Node* detail = fault_element.child("detail");
    if (detail && !detail->children.empty()) {
        const xml::Node& inner = detail->children.front();
        Fault fault(fault_type_of(inner), message);
        fill_details(fault, inner);
        return fault;
    }
    // No detail: the fault code is all there is ("ServerFaultCode", "ClientFaultCode").
    std::string code(fault_element.child_text("faultcode"));
    if (auto colon = code.rfind(':'); colon != std::string::npos) code.erase(0, colon + 1);
    return Fault(code.empty() ? "SOAP fault" : code, message);
}

Fault localized_fault_of(const xml::Node& localized) {
    const xml::Node* inner = localized.child("fault");
    const std::string message(localized.child_text("localizedMessage"));
    if (!inner) return Fault("unknown fault", message);
    Fault fault(fault_type_of(*inner), message);
    fill_details(fault, *inner);
    return fault;
}

Answer response_body(Buffer bytes) {
    std::string why;
    auto document = xml::parse(std::move(bytes), why);
    if (!document) throw Malformed(why);
    const xml::Node& envelope = document->root();
    if (envelope.name != "Envelope") throw Malformed("the response is not a SOAP envelope");
    for (const xml::Node& body : envelope.children) {
        if (body.name != "Body") continue;
        if (body.children.empty()) throw Malformed("the SOAP Body is empty");
        const xml::Node& first = body.children.front();
        if (first.name == "Fault") throw fault_of(first);
        return Answer{std::move(document), &first};
    }
    throw Malformed("the SOAP envelope has no Body");
}

}  // namespace virtcheck::vsphere::soap
