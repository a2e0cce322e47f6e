#include "collect/snmp/snmp.hpp"

#include "core/module.hpp"

namespace virtcheck::snmp {

Backend& backend() {
    using Factory = Backend* (*)();
    static Backend* loaded = reinterpret_cast<Factory>(load_module_symbol(module_file, backend_symbol))();
    return *loaded;
}

std::unique_ptr<Session> open(const SessionOptions& options, Progress& progress) {
    return backend().open(options, progress);
}

}  // namespace virtcheck::snmp
