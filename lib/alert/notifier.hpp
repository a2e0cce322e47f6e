#pragma once
// The four ways a notification leaves: SMTP (libcurl), the local MTA's sendmail -t, a webhook
// (HTTP POST of JSON, libcurl) and a command. Each attempt either succeeds or throws
// SendError; a failed attempt is retried on the next run, with the same message id.
#include <memory>
#include <stdexcept>
#include <string>

#include "alert/config.hpp"
#include "alert/message.hpp"
#include "alert/secrets.hpp"

namespace virtcheck::alert {

struct SendError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Notifier {
public:
    virtual ~Notifier() = default;
    // `attempt` counts from 1; a retry of a message carries the same message.id.
    virtual void send(const Message& message, int attempt) = 0;
};

// Reads the secrets it needs now, so that a missing one stops the run before any check.
// Throws ConfigError.
// `path`: where a command notifier's program is looked for before $PATH.
std::unique_ptr<Notifier> make_notifier(const NotifierConfig& config, const Secrets& secrets,
                                        const std::vector<std::string>& path);

std::unique_ptr<Notifier> make_smtp_notifier(const NotifierConfig& config, const Secrets& secrets);
std::unique_ptr<Notifier> make_sendmail_notifier(const NotifierConfig& config);
std::unique_ptr<Notifier> make_webhook_notifier(const NotifierConfig& config, const Secrets& secrets);
std::unique_ptr<Notifier> make_command_notifier(const NotifierConfig& config, const std::vector<std::string>& path);

// The JSON body a webhook without a template gets.
std::string default_webhook_body(const Message& message);

// The environment a command notifier gets (VIRTCHECK_NOTIFICATIONTYPE, ...).
std::map<std::string, std::string> command_environment(const Message& message, int attempt);

}  // namespace virtcheck::alert
