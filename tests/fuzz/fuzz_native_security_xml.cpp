// libFuzzer target: fuzz_security_xml for the native client's reader of the same XML (without
// libxml2): it must never crash, keep its caps, and never keep a password.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collect/libvirt/native/security_descriptions.hpp"

using namespace virtcheck::libvirt::native;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (bool secure : {false, true}) {
        auto vm = read_vm_security(text, secure);
        if (vm.consoles.size() > 1024 || vm.host_devices.size() > 1024 || vm.disks.size() > 1024 ||
            vm.char_devices.size() > 1024 || vm.labels.size() > 1024)
            std::abort();
        for (const auto& console : vm.consoles) {
            if (console.port && (*console.port <= 0 || *console.port > 65535)) std::abort();
            if (!secure && console.password == virtcheck::model::Password::None) std::abort();
        }
    }
    (void)read_host_model_cpu(text);
    (void)read_host_cpu(text);
    return 0;
}
