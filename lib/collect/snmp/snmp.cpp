#include "collect/snmp/snmp.hpp"

#include "core/errors.hpp"
#include "core/module.hpp"

namespace virtcheck::snmp {

std::vector<VarBind> walk_table(Session& session, const Oid& subtree, const std::string& name, const std::string& hint) {
    auto rows = session.walk(subtree);
    if (rows.empty())
        throw CollectError(CollectError::Kind::Failed, "the SNMP agent has no " + name + " (" + to_string(subtree) + ")" +
                                                           (hint.empty() ? "" : "; " + hint));
    return rows;
}

Backend& backend() {
    using Factory = Backend* (*)();
    static Backend* loaded = reinterpret_cast<Factory>(load_module_symbol(module_file, backend_symbol))();
    return *loaded;
}

std::unique_ptr<Session> open(const SessionOptions& options, Progress& progress) {
    return backend().open(options, progress);
}

}  // namespace virtcheck::snmp
