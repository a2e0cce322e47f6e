#include "alert/curl_easy.hpp"

#include <cmath>

#include "alert/notifier.hpp"

namespace virtcheck::alert {

CurlEasy::CurlEasy(const NotifierConfig& config, const char* protocols) : curl_(curl_easy_init()) {
    if (!curl_) throw SendError("libcurl could not start");
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, protocols);
    curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 0L);
    long timeout_ms = std::lround(config.timeout * 1000);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms, 10000L));
    if (!config.ca_file.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, config.ca_file.c_str());
    if (!config.verify_tls) {
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, 0L);
    }
}

CurlEasy::~CurlEasy() { curl_easy_cleanup(curl_); }

void CurlEasy::perform(const Secrets& secrets, const std::string& what) {
    error_[0] = '\0';
    CURLcode code = curl_easy_perform(curl_);
    if (code == CURLE_OK) return;
    std::string reason = error_[0] ? error_ : curl_easy_strerror(code);
    throw SendError(secrets.redact(what + ": " + reason));
}

}  // namespace virtcheck::alert
