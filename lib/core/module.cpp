#include "core/module.hpp"

#include <dlfcn.h>

#include "core/errors.hpp"

namespace virtcheck {

void* load_module_symbol(const std::string& file, const std::string& symbol) {
    // RTLD_LOCAL keeps the backend's libraries out of the global namespace; modules are never
    // unloaded (libvirt and net-snmp keep threads and atexit handlers).
    void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = dlerror();
        throw CollectError(CollectError::Kind::Failed,
                           "cannot load backend module " + file + ": " + (why ? why : "unknown error"));
    }
    void* address = dlsym(handle, symbol.c_str());
    if (!address)
        throw CollectError(CollectError::Kind::Failed, "backend module " + file + " lacks " + symbol);
    return address;
}

}  // namespace virtcheck
