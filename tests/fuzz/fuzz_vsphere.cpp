// libFuzzer target: whatever an HTTPS server sends back goes through the SOAP parser and
// the inventory mapping; it must never crash, and faults and malformed answers are the
// only ways out.
#include <cstdint>
#include <string_view>

#include "collect/vsphere/module/inventory.hpp"
#include "collect/vsphere/module/properties.hpp"

using namespace virtcheck::vsphere;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        RetrieveResult result = parse_retrieve_response(bytes);
        (void)hosts_of(result.objects);
        (void)vms_of(result.objects);
        (void)datastores_of(result.objects);
    } catch (const soap::Fault&) {
    } catch (const soap::Malformed&) {
    }
    return 0;
}
