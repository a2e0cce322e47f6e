// Mail straight to an SMTP server with libcurl: smtp:// with STARTTLS (required, optional or
// never) or smtps://, optionally with a login whose password is a secret.
#include <cstring>

#include "alert/curl_easy.hpp"
#include "alert/mail.hpp"
#include "alert/notifier.hpp"

namespace virtcheck::alert {
namespace {

struct Upload {
    const std::string* data;
    std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    std::size_t left = upload->data->size() - upload->offset;
    std::size_t n = std::min(left, size * count);
    std::memcpy(buffer, upload->data->data() + upload->offset, n);
    upload->offset += n;
    return n;
}

class SmtpNotifier : public Notifier {
public:
    SmtpNotifier(NotifierConfig config, const Secrets& secrets) : config_(std::move(config)), secrets_(secrets) {
        if (!config_.password_secret.empty()) password_ = secrets.get(config_.password_secret);
    }

    void send(const Message& message, int) override {
        CurlEasy curl(config_, "smtp,smtps");
        std::string mail = compose_mail(message, config_.from, config_.to, "\r\n");
        Upload upload{&mail};
        curl_slist* recipients = nullptr;
        for (const auto& address : config_.to) recipients = curl_slist_append(recipients, ("<" + address + ">").c_str());
        std::string from = "<" + config_.from + ">";
        CURL* handle = curl.get();
        curl_easy_setopt(handle, CURLOPT_URL, config_.url.c_str());
        curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.c_str());
        curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients);
        curl_easy_setopt(handle, CURLOPT_READFUNCTION, read_upload);
        curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
        curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
        long tls = config_.starttls == StartTls::Required   ? CURLUSESSL_ALL
                   : config_.starttls == StartTls::Optional ? CURLUSESSL_TRY
                                                            : CURLUSESSL_NONE;
        curl_easy_setopt(handle, CURLOPT_USE_SSL, tls);
        if (!config_.user.empty()) {
            curl_easy_setopt(handle, CURLOPT_USERNAME, config_.user.c_str());
            curl_easy_setopt(handle, CURLOPT_PASSWORD, password_.c_str());
        }
        try {
            curl.perform(secrets_, "mail to " + config_.url);
        } catch (...) {
            curl_slist_free_all(recipients);
            throw;
        }
        curl_slist_free_all(recipients);
    }

private:
    NotifierConfig config_;
    const Secrets& secrets_;
    std::string password_;
};

}  // namespace

std::unique_ptr<Notifier> make_smtp_notifier(const NotifierConfig& config, const Secrets& secrets) {
    return std::make_unique<SmtpNotifier>(config, secrets);
}

}  // namespace virtcheck::alert
