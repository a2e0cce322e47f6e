// The two notifiers that run a program: the local MTA's sendmail interface (the mail on
// stdin, recipients from its headers) and a command with the values in environment
// variables, in the spirit of Nagios' $NOTIFICATIONTYPE$, $SERVICESTATE$, $SERVICEOUTPUT$.
#include "alert/mail.hpp"
#include "alert/notifier.hpp"
#include "alert/process.hpp"
#include "alert/time_text.hpp"
#include "core/text.hpp"

namespace virtcheck::alert {
namespace {

std::string describe_failure(const std::string& what, const Finished& done, double timeout) {
    if (!done.failure.empty()) return what + ": " + done.failure;
    if (done.timed_out) return what + ": no answer within " + format_duration(timeout) + " (killed)";
    if (done.signal) return what + ": killed by signal " + std::to_string(done.signal);
    std::string said = done.err.empty() ? done.out : done.err;
    said = escape_text(cut_utf8(said.substr(0, said.find('\n')), 200));
    return what + ": exit code " + std::to_string(done.exit_code) + (said.empty() ? "" : ": " + said);
}

class SendmailNotifier : public Notifier {
public:
    explicit SendmailNotifier(NotifierConfig config) : config_(std::move(config)) {}

    void send(const Message& message, int) override {
        Job job{config_.name, {config_.sendmail, "-t", "-oi"}, config_.timeout,
                compose_mail(message, config_.from, config_.to, "\n"), {}};
        Finished done = run_job(job);
        if (done.failure.empty() && !done.timed_out && !done.signal && done.exit_code == 0) return;
        throw SendError(describe_failure(config_.sendmail, done, config_.timeout));
    }

private:
    NotifierConfig config_;
};

class CommandNotifier : public Notifier {
public:
    CommandNotifier(NotifierConfig config, std::vector<std::string> path) : config_(std::move(config)), path_(std::move(path)) {}

    void send(const Message& message, int attempt) override {
        std::vector<std::string> argv = config_.command;
        std::string program = find_program(argv[0], path_);
        if (program.empty()) throw SendError("command " + argv[0] + ": not found");
        argv[0] = program;
        Job job{config_.name, argv, config_.timeout, body_text(message), command_environment(message, attempt)};
        Finished done = run_job(job);
        if (done.failure.empty() && !done.timed_out && !done.signal && done.exit_code == 0) return;
        throw SendError(describe_failure("command " + config_.command[0], done, config_.timeout));
    }

private:
    NotifierConfig config_;
    std::vector<std::string> path_;
};

}  // namespace

std::map<std::string, std::string> command_environment(const Message& m, int attempt) {
    auto values = message_values(m);
    return {
        {"VIRTCHECK_NOTIFICATIONID", m.id},
        {"VIRTCHECK_NOTIFICATIONATTEMPT", std::to_string(attempt)},
        {"VIRTCHECK_NOTIFICATIONTYPE", m.type},
        {"VIRTCHECK_NOTIFICATIONREASON", m.reason},
        {"VIRTCHECK_HOSTNAME", m.host},
        {"VIRTCHECK_SERVICEDESC", m.service},
        {"VIRTCHECK_SERVICEOBJECT", m.object},
        {"VIRTCHECK_SERVICESTATE", values["state"]},
        {"VIRTCHECK_SERVICESTATEID", std::to_string(static_cast<int>(m.state))},
        {"VIRTCHECK_LASTSERVICESTATE", values["previous_state"]},
        {"VIRTCHECK_SERVICESHORTNAME", m.shortname},
        {"VIRTCHECK_SERVICESUMMARY", m.summary},
        {"VIRTCHECK_SERVICEOUTPUT", m.first_line},
        {"VIRTCHECK_LONGSERVICEOUTPUT", m.long_output},
        {"VIRTCHECK_SERVICEPERFDATA", m.perfdata},
        {"VIRTCHECK_SERVICESINCE", values["since"]},
        {"VIRTCHECK_SUBJECT", values["subject"]},
    };
}

std::unique_ptr<Notifier> make_sendmail_notifier(const NotifierConfig& config) {
    return std::make_unique<SendmailNotifier>(config);
}

std::unique_ptr<Notifier> make_command_notifier(const NotifierConfig& config, const std::vector<std::string>& path) {
    return std::make_unique<CommandNotifier>(config, path);
}

}  // namespace virtcheck::alert
