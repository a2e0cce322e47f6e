// libFuzzer target: the domain and capabilities XML check_vm_security reads comes from the
// hypervisor; the parsers must never crash, keep their caps, and never keep a password.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collect/libvirt/module/security_xml.hpp"

using namespace virtcheck::libvirt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (bool secure : {false, true}) {
        auto vm = parse_vm_security(text, secure);
        if (vm.consoles.size() > 1024 || vm.host_devices.size() > 1024 || vm.disks.size() > 1024 ||
            vm.char_devices.size() > 1024 || vm.labels.size() > 1024)
            std::abort();
        for (const auto& console : vm.consoles) {
            if (console.port && (*console.port <= 0 || *console.port > 65535)) std::abort();
            if (!secure && console.password == virtcheck::model::Password::None) std::abort();
        }
    }
    (void)parse_host_model_cpu(text);
    (void)parse_host_cpu(text);
    return 0;
}
