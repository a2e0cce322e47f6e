// libFuzzer target: whatever an HTTPS server sends back goes through the SOAP parser, the
// inventory mapping and the security settings' mapping into the model; it must never crash,
// and faults and malformed answers are the only ways out.
#include <cstdint>
#include <string_view>

#include "collect/vsphere/mapping.hpp"
#include "collect/vsphere/module/inventory.hpp"
#include "collect/vsphere/module/properties.hpp"

using namespace virtcheck::vsphere;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        RetrieveResult result = parse_retrieve_response(bytes);
        auto hosts = hosts_of(result.objects);
        auto vms = vms_of(result.objects);
        (void)security_as_model(hosts, vms);
        (void)datastores_of(result.objects);
    } catch (const soap::Fault&) {
    } catch (const soap::Malformed&) {
    }
    return 0;
}
