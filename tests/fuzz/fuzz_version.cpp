// libFuzzer target: version strings come from hypervisors and agents (and from users, for
// --min-version); parsing never crashes, and a parsed version prints as one that parses
// back equal.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "core/version.hpp"

using namespace virtcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size >= sizeof(std::uint64_t)) {
        std::uint64_t packed = 0;
        std::memcpy(&packed, data, sizeof packed);
        Version unpacked = unpack_libvirt_version(packed);
        if (parse_version(unpacked.to_string()) != unpacked) std::abort();
    }
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        Version version = parse_version(text);
        if (parse_version(version.to_string()) != version) std::abort();
        (void)(version < unpack_libvirt_version(9000000));
    } catch (const std::invalid_argument&) {
    }
    return 0;
}
