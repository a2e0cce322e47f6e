#include "collect/libvirt/libvirt.hpp"
#include "core/module.hpp"

namespace virtcheck::libvirt {

Backend& backend() {
    using Factory = Backend* (*)();
    static Backend* loaded = reinterpret_cast<Factory>(load_module_symbol(module_file, backend_symbol))();
    return *loaded;
}

std::unique_ptr<Connection> open(const std::string& uri, Progress& progress, Access access) {
    return backend().open(uri, access, progress);
}

}  // namespace virtcheck::libvirt
