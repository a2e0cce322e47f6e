// libFuzzer target: an SNMP agent's answer as it comes off the wire. net-snmp parses the PDU
// (as the module's session does on every response); the module's decoding of each varbind
// must then hold whatever types and lengths the agent chose.
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "collect/snmp/module/values.hpp"

using namespace virtcheck::snmp;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
    snmp_disable_log();
    init_snmp("virtcheck-fuzz");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<u_char> packet(data, data + size);  // net-snmp wants a mutable buffer
    netsnmp_pdu* pdu = snmp_pdu_create(SNMP_MSG_RESPONSE);
    pdu->version = SNMP_VERSION_2c;
    std::size_t length = packet.size();
    if (snmp_pdu_parse(pdu, packet.data(), &length) == 0) {
        for (auto* variable = pdu->variables; variable; variable = variable->next_variable) {
            Value value = value_of(variable);
            Oid oid = from_net_snmp(variable->name, variable->name_length);
            if (value.type == Value::Type::OctetString && value.text.size() != variable->val_len) std::abort();
            (void)to_string(oid);
        }
    }
    snmp_free_pdu(pdu);
    return 0;
}
