#pragma once
// HTTPS transport for SOAP with libcurl: one connection kept alive for the whole run, every
// request inside the time budget, bounded answers, the session cookie kept by hand (so that
// it can be cached between runs).
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "collect/vsphere/module/buffer.hpp"
#include "collect/vsphere/vsphere.hpp"

namespace virtcheck::vsphere {

class Deadline {
public:
    explicit Deadline(double seconds)
        : end_(std::chrono::steady_clock::now() +
               std::chrono::milliseconds(static_cast<std::int64_t>(seconds > 0 ? seconds * 1000 : 0))),
          budget_seconds_(seconds) {}
    std::int64_t remaining_ms() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(end_ - std::chrono::steady_clock::now()).count();
    }
    double budget_seconds() const { return budget_seconds_; }

private:
    std::chrono::steady_clock::time_point end_;
    double budget_seconds_;
};

inline constexpr std::size_t max_response_bytes = 64u << 20;
inline constexpr const char* session_cookie_name = "vmware_soap_session";

class Http {
public:
    Http(const ConnectOptions& options, const Deadline& deadline, Progress& progress);
    ~Http();
    Http(const Http&) = delete;
    Http& operator=(const Http&) = delete;

    struct Response {
        long status = 0;
        Buffer body;
    };

    // POSTs one envelope. Answers with HTTP 200, and 500 (where SOAP faults come), are
    // returned; anything else throws CollectError naming it. `doing` completes "while ..."
    // and never holds a secret.
    Response post(const std::string& envelope, std::string_view doing);

    const std::string& cookie() const { return cookie_; }
    void set_cookie(std::string value) { cookie_ = std::move(value); }

    unsigned requests() const { return requests_; }
    std::uint64_t bytes_received() const { return bytes_received_; }

    static bool valid_cookie(std::string_view value);

private:
    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);

    void* curl_ = nullptr;
    void* headers_ = nullptr;
    std::string url_;
    const Deadline& deadline_;
    Progress& progress_;
    std::string cookie_;
    Buffer body_;
    std::size_t announced_bytes_ = 0;  // Content-Length, when the server sent one
    bool too_large_ = false;
    unsigned requests_ = 0;
    std::uint64_t bytes_received_ = 0;
    char error_[256] = {};
};

}  // namespace virtcheck::vsphere
