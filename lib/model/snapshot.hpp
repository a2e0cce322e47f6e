#pragma once
// The snapshots of one VM.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/vm.hpp"

namespace virtcheck::model {

struct Snapshot {
    std::string name{};                     // untrusted
    std::optional<std::int64_t> created{};  // seconds since the epoch
};

struct VmSnapshots {
    std::string name{};  // untrusted
    std::string uuid{};
    VmState state = VmState::NoState;
    std::vector<Snapshot> snapshots{};
    std::optional<std::uint64_t> size_bytes{};  // all snapshots together, where the backend tells
};

}  // namespace virtcheck::model
