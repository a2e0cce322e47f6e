#include "collect/vsphere/module/http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <mutex>
#include <optional>

#include "core/errors.hpp"

namespace virtcheck::vsphere {
namespace {

using Kind = CollectError::Kind;

void initialise_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The value of the header line `line` when it is the header `lowercase_name` ("set-cookie").
std::optional<std::string_view> header_value(std::string_view line, std::string_view lowercase_name) {
    if (line.size() <= lowercase_name.size() || line[lowercase_name.size()] != ':') return std::nullopt;
    for (std::size_t i = 0; i < lowercase_name.size(); ++i) {
        char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(line[i])));
        if (lower != lowercase_name[i]) return std::nullopt;
    }
    std::string_view value = line.substr(lowercase_name.size() + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    return value;
}

std::string seconds_text(double seconds) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", seconds);
    return buffer;
}

}  // namespace

bool Http::valid_cookie(std::string_view value) {
    if (value.empty() || value.size() > 4096) return false;
    for (char c : value)
        if (c <= ' ' || c >= 127 || c == ';' || c == ',' || c == '\\') return false;
    return true;
}

Http::Http(const ConnectOptions& options, const Deadline& deadline, Progress& progress)
    : url_(options.url), deadline_(deadline), progress_(progress) {
    initialise_once();
    CURL* curl = curl_easy_init();
    if (!curl) throw CollectError(Kind::Failed, "cannot initialise libcurl");
    curl_ = curl;
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // gzip: vCenter compresses large answers
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Http::on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &Http::on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "virtcheck");
    if (options.insecure) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    } else if (!options.ca_file.empty()) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_file.c_str());
    }
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: text/xml; charset=utf-8");
    // The API version we speak: 6.0 has every property read here.
    headers = curl_slist_append(headers, "SOAPAction: \"urn:vim25/6.0\"");
    headers = curl_slist_append(headers, "Expect:");
    headers_ = headers;
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
}

Http::~Http() {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
    curl_slist_free_all(static_cast<curl_slist*>(headers_));
}

std::size_t Http::on_body(char* data, std::size_t size, std::size_t count, void* self) {
    auto* http = static_cast<Http*>(self);
    std::size_t bytes = size * count;
    if (http->body_.size() + bytes > max_response_bytes) {
        http->too_large_ = true;
        return 0;  // aborts the transfer
    }
    try {
        // One allocation for an answer of a known size (with gzip the length is the
        // compressed one: a start).
        if (http->body_.empty() && http->announced_bytes_ > bytes)
            http->body_.reserve(std::min(http->announced_bytes_, max_response_bytes));
        http->body_.append(data, bytes);
    } catch (const std::bad_alloc&) {
        return 0;  // no exception through libcurl: the transfer fails instead
    }
    return bytes;
}

std::size_t Http::on_header(char* data, std::size_t size, std::size_t count, void* self) {
    auto* http = static_cast<Http*>(self);
    std::string_view line(data, size * count);
    if (auto value = header_value(line, "set-cookie")) {
        std::string prefix = std::string(session_cookie_name) + "=";
        if (value->substr(0, prefix.size()) == prefix) {
            value->remove_prefix(prefix.size());
            *value = value->substr(0, value->find_first_of(";\r\n"));
            // ESXi quotes the value: the quotes belong to it and go back as they came.
            if (valid_cookie(*value)) http->cookie_ = std::string(*value);
        }
    } else if (auto length = header_value(line, "content-length")) {
        std::size_t announced = 0;
        auto [end, error] = std::from_chars(length->data(), length->data() + length->size(), announced);
        http->announced_bytes_ = error == std::errc() ? announced : 0;
    }
    return size * count;
}

Http::Response Http::post(const std::string& envelope, std::string_view doing) {
    progress_.stage(std::string(doing) + " at " + url_);
    std::int64_t left = deadline_.remaining_ms();
    if (left <= 0)
        throw CollectError(Kind::Unreachable, "vSphere API at " + url_ + " not reachable in time: the " +
                                                  seconds_text(deadline_.budget_seconds()) +
                                                  " s budget ran out before " + std::string(doing));
    CURL* curl = static_cast<CURL*>(curl_);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(left));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(left));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, envelope.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(envelope.size()));
    std::string cookie_header = cookie_.empty() ? std::string() : std::string(session_cookie_name) + "=" + cookie_;
    curl_easy_setopt(curl, CURLOPT_COOKIE, cookie_header.empty() ? nullptr : cookie_header.c_str());
    body_.clear();
    announced_bytes_ = 0;
    too_large_ = false;
    error_[0] = '\0';
    ++requests_;
    CURLcode code = curl_easy_perform(curl);
    // Never let libcurl keep a pointer to the envelope (it may hold the password).
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(0));
    bytes_received_ += body_.size();

    const std::string reason = error_[0] ? error_ : curl_easy_strerror(code);
    const std::string where = "vSphere API at " + url_;
    switch (code) {
        case CURLE_OK: break;
        case CURLE_COULDNT_CONNECT:
            throw CollectError(Kind::Unreachable, where + " not reachable: " + reason);
        case CURLE_OPERATION_TIMEDOUT:
            throw CollectError(Kind::Unreachable, where + " not reachable: no answer within the " +
                                                      seconds_text(deadline_.budget_seconds()) + " s budget while " +
                                                      std::string(doing));
        case CURLE_COULDNT_RESOLVE_HOST:
            throw CollectError(Kind::Failed, "cannot resolve the host name of " + url_ + ": " + reason);
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CONNECT_ERROR:
            throw CollectError(Kind::Failed, "TLS with " + url_ + " failed: " + reason +
                                                 " (--ca-file names the CA that signed it; --insecure skips the check)");
        case CURLE_WRITE_ERROR:
            if (too_large_)
                throw CollectError(Kind::Failed, where + " sent more than " +
                                                     std::to_string(max_response_bytes >> 20) + " MiB while " +
                                                     std::string(doing) + "; refusing it");
            [[fallthrough]];
        default:
            throw CollectError(Kind::Failed, "HTTPS request to " + url_ + " failed while " + std::string(doing) + ": " +
                                                 reason);
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200 && status != 500)
        throw CollectError(Kind::Failed, where + " answered HTTP " + std::to_string(status) + " while " +
                                             std::string(doing) + " (is this the /sdk URL of a vCenter or ESXi?)");
    return Response{status, std::move(body_)};
}

}  // namespace virtcheck::vsphere
