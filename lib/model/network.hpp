#pragma once
// A virtual network and the use of its DHCP ranges.
#include <optional>
#include <string>

namespace virtcheck::model {

struct Network {
    std::string name{};  // untrusted
    std::string uuid{};
    bool active = false;
    bool persistent = true;              // false: transient, gone when stopped, never autostarts
    std::optional<bool> autostart{};
    std::string bridge{};                  // empty: the network has no bridge (macvtap, hostdev)
    std::optional<bool> bridge_present{};  // absent: the backend cannot list host interfaces
    double dhcp_addresses = 0;           // addresses in the DHCP ranges, IPv4 and IPv6
    std::optional<unsigned> leases{};      // current leases inside those ranges; absent: unknown
};

}  // namespace virtcheck::model
