#pragma once
// One object's line of text, assembled from parts, so that no evaluator patches a finished
// line: "SUBJECT[: STATUS][ QUALIFIER...], FIGURES[ DETAIL][ (TROUBLE)][, REMARK...][ - NOTE]...".
//   "images degraded, 97.0% used (97.0 GiB of 100.0 GiB) (free 3.0 GiB), not autostarted"
#include <string>
#include <vector>

namespace virtcheck {

struct Line {
    std::string subject{};                  // the object: "web1", "web1/vda"; untrusted, escaped on output
    std::string status{};                   // what the hypervisor says is wrong: "I/O error (unspecified)"
    std::vector<std::string> qualifiers{};  // a word on its state: "degraded"
    std::vector<std::string> figures{};     // the headline figures: "62.0%", "CPU 12.0% of 2 CPUs"
    std::string detail{};                   // follows the figures: "(3.0 GiB of 4.0 GiB)"
    std::vector<std::string> trouble{};     // metrics outside their ranges: "steal 5.0%"
    std::vector<std::string> remarks{};     // findings beyond the figures: "bridge virbr9 missing on the host"
    std::vector<std::string> notes{};       // "not available: pids"

    std::string text() const;
};

}  // namespace virtcheck
