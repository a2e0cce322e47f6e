#include "collect/libvirt/meminfo.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace virtcheck::libvirt {

model::HostMemory parse_meminfo(std::string_view text) {
    model::HostMemory memory;
    while (!text.empty()) {
        auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view key = line.substr(0, colon), value = line.substr(colon + 1);
        value.remove_prefix(std::min(value.find_first_not_of(' '), value.size()));
        std::uint64_t kib = 0;
        auto [rest, ec] = std::from_chars(value.data(), value.data() + value.size(), kib);
        if (ec != std::errc{} || rest == value.data()) continue;
        double bytes = static_cast<double>(kib) * 1024;
        if (key == "MemTotal") memory.total = bytes;
        else if (key == "MemAvailable") memory.available = bytes;
        else if (key == "MemFree") memory.free = bytes;
        else if (key == "Buffers") memory.buffers = bytes;
        else if (key == "Cached") memory.cached = bytes;
    }
    return memory;
}

bool is_this_host(std::string_view uri) {
    auto scheme_end = uri.find(":///");
    if (scheme_end == std::string_view::npos || scheme_end == 0) return false;
    std::string_view scheme = uri.substr(0, scheme_end);
    if (auto plus = scheme.find('+'); plus != std::string_view::npos) {
        if (scheme.substr(plus + 1) != "unix") return false;
        scheme = scheme.substr(0, plus);
    }
    return scheme != "test";
}

model::HostMemory read_meminfo(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return parse_meminfo(text.str());
}

}  // namespace virtcheck::libvirt
