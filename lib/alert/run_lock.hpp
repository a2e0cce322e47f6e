#pragma once
// One run at a time per database: an flock on DATABASE.lock, held for the whole run and
// released by the kernel however the run ends (kill -9 included). A second run waits up to
// `lock_wait` seconds, then gives up without running anything (AnotherRun).
#include <stdexcept>
#include <string>

namespace virtcheck::alert {

struct AnotherRun : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class RunLock {
public:
    // Throws AnotherRun when the lock stays taken, DatabaseError when the file cannot be made.
    RunLock(const std::string& path, double wait_seconds);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace virtcheck::alert
