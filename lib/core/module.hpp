#pragma once
// Backend modules (virtcheck-libvirt.so, virtcheck-snmp.so, ...) are loaded only when a run
// uses them, so that a run of one backend never pays for loading another's libraries
// (libvirt alone costs about 12 ms per process start). The loader finds them through the
// executable's RUNPATH, which CMake points at the build tree or the installed module directory.
//
// The module boundary, and why it holds:
// - What crosses: one extern "C" factory symbol per module, returning a pointer to an object
//   with a vtable (an abstract class of the check side's headers). Through it pass plain data
//   (std::string, std::vector, std::optional, std::function, structs of lib/model), and
//   exceptions of core/errors.hpp, which are header-only so both sides have the same type.
// - Both sides must agree on the layout of those types: they are built by the same compiler
//   from the same headers in one build, and the symbol carries a version (..._v3) that changes
//   when the interface does, so a stale module is refused instead of misused.
// - C++ runtime: the checks link libstdc++ statically (relocating the shared one is most of a
//   short run's start-up). The SNMP module does too, hidden (--exclude-libs), so nothing in an
//   SNMP run loads libstdc++.so. The libvirt module links the shared libstdc++, because
//   libvirt's own dependencies (libxml2 -> ICU) load it anyway. Strings, vectors and exceptions
//   made on one side are freed on the other: safe, because both runtimes come from the same
//   GCC, their operator new/delete are malloc/free underneath, and exception types are matched
//   by their mangled names.
// - Modules are never unloaded: libvirt and net-snmp keep threads and atexit handlers.
#include <string>
#include <utility>

namespace virtcheck {

// dlopen()s `file` (once) and returns the address of `symbol`. Throws CollectError(Failed)
// with the loader's message when either is missing.
void* load_module_symbol(const std::string& file, const std::string& symbol);

// A backend module whose factory symbol returns an `Interface*`: loaded on first use.
template <typename Interface>
class Module {
public:
    Module(std::string file, std::string symbol) : file_(std::move(file)), symbol_(std::move(symbol)) {}

    Interface& get() {
        if (!loaded_) {
            using Factory = Interface* (*)();
            loaded_ = reinterpret_cast<Factory>(load_module_symbol(file_, symbol_))();
        }
        return *loaded_;
    }

    const std::string& file() const { return file_; }

private:
    std::string file_;
    std::string symbol_;
    Interface* loaded_ = nullptr;
};

}  // namespace virtcheck
