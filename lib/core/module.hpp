#pragma once
// Backend modules (virtcheck-libvirt.so, ...) are loaded only when a run uses them, so that
// a run of one backend never pays for loading another's libraries (libvirt alone costs
// about 12 ms per process start). The loader finds them through the executable's RUNPATH,
// which CMake points at the build tree or at the installed module directory.
#include <string>

namespace virtcheck {

// dlopen()s `file` (once) and returns the address of `symbol`. Throws CollectError(Failed)
// with the loader's message when either is missing.
void* load_module_symbol(const std::string& file, const std::string& symbol);

}  // namespace virtcheck
