#include "collect/snmp/snmp.hpp"

#include "core/errors.hpp"
#include "core/module.hpp"

namespace virtcheck::snmp {

std::vector<VarBind> walk_table(Session& session, const Oid& subtree, const std::string& name, const std::string& hint) {
    auto rows = session.walk(subtree);
    if (rows.empty())
        throw CollectError(CollectError::Kind::Failed, "the SNMP agent has no " + name + " (" + to_string(subtree) + ")" +
                                                           (hint.empty() ? "" : ", " + hint));
    return rows;
}

Client& client() {
    static Module<Client> module{module_file, client_symbol};
    return module.get();
}

}  // namespace virtcheck::snmp
