#include "alert/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "alert/sqlite.hpp"
#include "alert/time_text.hpp"

namespace virtcheck::alert {

RunLock::RunLock(const std::string& path, double wait_seconds) {
    fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd_ < 0) throw DatabaseError("cannot create the run lock " + path + ": " + std::strerror(errno));
    // Real time, not VIRTCHECK_NOW: this is how long cron's job may stall.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    while (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            int error = errno;
            close(fd_);
            throw DatabaseError("cannot lock " + path + ": " + std::strerror(error));
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            char holder[32] = {};
            ssize_t n = pread(fd_, holder, sizeof holder - 1, 0);
            std::string pid = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : "?";
            while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
            close(fd_);
            throw AnotherRun("another run (pid " + pid + ") still holds " + path + " after " +
                             format_duration(wait_seconds) + "; this run did nothing");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::string pid = std::to_string(getpid()) + "\n";
    if (ftruncate(fd_, 0) == 0) (void)!pwrite(fd_, pid.data(), pid.size(), 0);
}

RunLock::~RunLock() {
    if (fd_ >= 0) close(fd_);
}

}  // namespace virtcheck::alert
