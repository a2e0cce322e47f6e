#include "collect/vsphere/vsphere.hpp"

#include "core/module.hpp"

namespace virtcheck::vsphere {

Backend& backend() {
    using Factory = Backend* (*)();
    static Backend* loaded = reinterpret_cast<Factory>(load_module_symbol(module_file, backend_symbol))();
    return *loaded;
}

std::unique_ptr<Client> connect(const ConnectOptions& options, Progress& progress) {
    return backend().connect(options, progress);
}

}  // namespace virtcheck::vsphere
