// What net-snmp parsed, as the checks' values.
#include "collect/snmp/module/values.hpp"

namespace virtcheck::snmp {

Oid from_net_snmp(const ::oid* arcs, std::size_t length) {
    Oid oid;
    for (std::size_t i = 0; i < length; ++i) oid.push_back(static_cast<std::uint32_t>(arcs[i]));
    return oid;
}

Value value_of(const netsnmp_variable_list* v) {
    Value value;
    switch (v->type) {
        case ASN_INTEGER:
            value.type = Value::Type::Integer;
            value.integer = *v->val.integer;
            break;
        case ASN_TIMETICKS:
            value.is_timeticks = true;
            [[fallthrough]];
        case ASN_GAUGE:
        case ASN_COUNTER:
        case ASN_UINTEGER:
            value.type = Value::Type::Unsigned;
            value.number = static_cast<std::uint64_t>(*v->val.integer) & 0xffffffffu;
            break;
        case ASN_COUNTER64:
            value.type = Value::Type::Unsigned;
            value.number = (static_cast<std::uint64_t>(v->val.counter64->high) << 32) | v->val.counter64->low;
            break;
        case ASN_OCTET_STR:
            value.type = Value::Type::OctetString;
            value.text.assign(reinterpret_cast<const char*>(v->val.string), v->val_len);
            break;
        case ASN_OBJECT_ID:
            value.type = Value::Type::ObjectId;
            value.text = to_string(from_net_snmp(v->val.objid, v->val_len / sizeof(::oid)));
            break;
        case ASN_IPADDRESS:
            value.type = Value::Type::IpAddress;
            if (v->val_len == 4)
                for (int i = 0; i < 4; ++i) value.text += (i ? "." : "") + std::to_string(v->val.string[i]);
            break;
        case ASN_NULL: value.type = Value::Type::Null; break;
        case SNMP_NOSUCHOBJECT: value.type = Value::Type::NoSuchObject; break;
        case SNMP_NOSUCHINSTANCE: value.type = Value::Type::NoSuchInstance; break;
        case SNMP_ENDOFMIBVIEW: value.type = Value::Type::EndOfMibView; break;
        default: value.type = Value::Type::Other; break;
    }
    return value;
}

}  // namespace virtcheck::snmp
