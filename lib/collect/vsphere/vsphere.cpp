#include "collect/vsphere/vsphere.hpp"

#include "core/module.hpp"

namespace virtcheck::vsphere {

Connector& connector() {
    static Module<Connector> module{module_file, connector_symbol};
    return module.get();
}

std::unique_ptr<Client> connect(const ConnectOptions& options, Progress& progress) {
    return connector().connect(options, progress);
}

}  // namespace virtcheck::vsphere
