// libFuzzer target: the JSON files Docker (config.v2.json) and Podman (containers.json) keep
// their container names in. Reading them never crashes or throws.
#include <cstdint>
#include <string_view>

#include "collect/cgroup/names.hpp"

using namespace virtcheck::cgroup;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (docker_config_name(text).size() > size) __builtin_trap();
    for (const auto& [id, name] : podman_container_names(text))
        if (id.size() + name.size() > size) __builtin_trap();
    return 0;
}
