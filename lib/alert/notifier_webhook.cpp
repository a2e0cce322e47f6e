// A webhook: one HTTP POST of a JSON body (the default one, or the configured template for
// Slack, Mattermost or Teams). Anything but a 2xx answer, and no answer within the timeout,
// is a failed attempt. Idempotency-Key carries the notification id, the same on every retry.
#include <nlohmann/json.hpp>

#include "alert/body_template.hpp"
#include "alert/curl_easy.hpp"
#include "alert/notifier.hpp"
#include "alert/time_text.hpp"

namespace virtcheck::alert {
namespace {

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

class WebhookNotifier : public Notifier {
public:
    WebhookNotifier(NotifierConfig config, const Secrets& secrets) : config_(std::move(config)), secrets_(secrets) {
        url_ = config_.url_secret.empty() ? config_.url : secrets.get(config_.url_secret);
        if (!url_.starts_with("http://") && !url_.starts_with("https://"))
            throw ConfigError("notifier." + config_.name + ": the URL in secret '" + config_.url_secret +
                              "' must start with http:// or https://");
        if (!config_.bearer_secret.empty()) bearer_ = secrets.get(config_.bearer_secret);
    }

    void send(const Message& message, int attempt) override {
        CurlEasy curl(config_, "http,https");
        std::string body = config_.template_text.empty() ? default_webhook_body(message)
                                                         : render_template(config_.template_text, message_values(message));
        curl_slist* headers = nullptr;
        std::vector<std::string> lines{"Content-Type: application/json", "Idempotency-Key: " + message.id,
                                       "X-Virtcheck-Notification: " + message.id,
                                       "X-Virtcheck-Attempt: " + std::to_string(attempt), "Expect:"};
        if (!bearer_.empty()) lines.push_back("Authorization: Bearer " + bearer_);
        for (const auto& [name, value] : config_.headers) lines.push_back(name + ": " + value);
        for (const auto& line : lines) headers = curl_slist_append(headers, line.c_str());
        CURL* handle = curl.get();
        curl_easy_setopt(handle, CURLOPT_URL, url_.c_str());
        curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
        curl_easy_setopt(handle, CURLOPT_USERAGENT, "virtcheck-alert");
        curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, discard);
        long status = 0;
        try {
            curl.perform(secrets_, "webhook " + config_.name);
            curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
        } catch (...) {
            curl_slist_free_all(headers);
            throw;
        }
        curl_slist_free_all(headers);
        if (status < 200 || status > 299)
            throw SendError("webhook " + config_.name + ": the receiver answered HTTP " + std::to_string(status));
    }

private:
    NotifierConfig config_;
    const Secrets& secrets_;
    std::string url_;
    std::string bearer_;
};

}  // namespace

std::string default_webhook_body(const Message& message) {
    nlohmann::json body;
    for (const auto& [key, value] : message_values(message)) body[key] = value;
    body["time_epoch"] = message.time;
    body["since_epoch"] = message.since;
    body["recent"] = message.recent;
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::unique_ptr<Notifier> make_webhook_notifier(const NotifierConfig& config, const Secrets& secrets) {
    return std::make_unique<WebhookNotifier>(config, secrets);
}

}  // namespace virtcheck::alert
