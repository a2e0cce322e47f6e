#include "collect/cgroup/names.hpp"

#include <nlohmann/json.hpp>

namespace virtcheck::cgroup {

std::string docker_config_name(std::string_view text) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("Name") || !json["Name"].is_string()) return "";
    std::string name = json["Name"].get<std::string>();
    if (name.starts_with("/")) name.erase(0, 1);
    return name;
}

std::map<std::string, std::string> podman_container_names(std::string_view text) {
    std::map<std::string, std::string> names;
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_array()) return names;
    for (const auto& entry : json) {
        if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_string()) continue;
        if (!entry.contains("names") || !entry["names"].is_array() || entry["names"].empty()) continue;
        if (!entry["names"][0].is_string()) continue;
        names[entry["id"].get<std::string>()] = entry["names"][0].get<std::string>();
    }
    return names;
}

}  // namespace virtcheck::cgroup
