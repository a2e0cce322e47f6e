#include "alert/notifier.hpp"

namespace virtcheck::alert {

std::unique_ptr<Notifier> make_notifier(const NotifierConfig& config, const Secrets& secrets,
                                        const std::vector<std::string>& path) {
    if (config.type == "smtp") return make_smtp_notifier(config, secrets);
    if (config.type == "sendmail") return make_sendmail_notifier(config);
    if (config.type == "webhook") return make_webhook_notifier(config, secrets);
    if (config.type == "command") return make_command_notifier(config, path);
    throw ConfigError("notifier." + config.name + ": unknown type " + config.type);
}

}  // namespace virtcheck::alert
