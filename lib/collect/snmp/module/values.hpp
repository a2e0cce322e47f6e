#pragma once
// Decoding one varbind as net-snmp parsed it off the wire into the checks' Value. What the
// agent sent is untrusted: the lengths net-snmp recorded bound every read.
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "collect/snmp/snmp.hpp"

namespace virtcheck::snmp {

Oid from_net_snmp(const ::oid* arcs, std::size_t length);

Value value_of(const netsnmp_variable_list* variable);

}  // namespace virtcheck::snmp
