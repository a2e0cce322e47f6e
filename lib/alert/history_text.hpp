#pragma once
// History entries and service states as text for people and as JSON for scripts.
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "alert/config.hpp"
#include "alert/store.hpp"

namespace virtcheck::alert {

// "2024-05-01 10:00:00  CRITICAL HARD  VM_STATE CRITICAL - web-03 crashed"; with_service adds
// the service name after the time.
std::string history_line(const HistoryEntry& entry, bool with_service);

nlohmann::json history_json(const HistoryEntry& entry);

struct ServiceView {
    const ServiceConfig* config;
    std::optional<StoredService> stored;
    bool muted = false;
    std::string mute_text;  // "until 2024-05-01 12:00:00 by root: patching"
    int pending = 0;        // notifications waiting to be sent
};

std::string status_table(const std::vector<ServiceView>& services, double now);
nlohmann::json status_json(const std::vector<ServiceView>& services, double now);

}  // namespace virtcheck::alert
