#pragma once
// What the two libcurl notifiers share: one easy handle with the safe defaults (no signals,
// no redirects, only the protocols asked for, timeouts) and an error text without secrets.
#include <curl/curl.h>

#include <string>

#include "alert/config.hpp"
#include "alert/secrets.hpp"

namespace virtcheck::alert {

class CurlEasy {
public:
    CurlEasy(const NotifierConfig& config, const char* protocols);
    ~CurlEasy();
    CurlEasy(const CurlEasy&) = delete;
    CurlEasy& operator=(const CurlEasy&) = delete;

    CURL* get() { return curl_; }
    // Runs the transfer; throws SendError with curl's reason, secrets taken out.
    void perform(const Secrets& secrets, const std::string& what);

private:
    CURL* curl_;
    char error_[CURL_ERROR_SIZE] = {};
};

}  // namespace virtcheck::alert
