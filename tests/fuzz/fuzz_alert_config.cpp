// libFuzzer target: the alert configuration reader on top of toml++ (key checks, durations,
// addresses, templates). Any input either gives a Config or a ConfigError, never a crash or
// another exception; an accepted config holds what the checks promise.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "alert/config.hpp"

using namespace virtcheck::alert;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        Config config = parse_config(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
        if (config.services.empty()) std::abort();
        for (const auto& service : config.services) {
            if (service.command.empty() || service.policy.attempts < 1) std::abort();
            for (const auto& name : service.policy.notify)
                if (!config.notifiers.count(name)) std::abort();
        }
        for (const auto& [name, notifier] : config.notifiers)
            for (const auto& address : notifier.to)
                if (address.find_first_of("\r\n<>,") != std::string::npos) std::abort();
    } catch (const ConfigError&) {
    }
    return 0;
}
