#pragma once
// Collectors report what they are doing, so that a timeout can say where it happened
// ("timed out after 10 s while connecting to qemu:///system").
#include <string_view>

namespace virtcheck {

class Progress {
public:
    // `what` completes "while ...": "connecting to qemu:///system", "reading host memory".
    virtual void stage(std::string_view what) = 0;

protected:
    ~Progress() = default;
};

}  // namespace virtcheck
