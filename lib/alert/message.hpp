#pragma once
// One notification as it is decided: everything a notifier puts into a mail, a webhook body or
// a command's environment. It is stored (as JSON) in the same transaction as the state change
// and sent from the stored copy, so a retry after a crash sends the very same message with the
// same id.
#include <map>
#include <string>
#include <vector>

#include "alert/status.hpp"

namespace virtcheck::alert {

struct Message {
    std::string id;            // stable: Message-ID, Idempotency-Key, $VIRTCHECK_NOTIFICATION_ID
    std::string type;          // PROBLEM, RECOVERY, FLAPPINGSTART, FLAPPINGSTOP
    std::string reason;        // "state changed", "still CRITICAL after 2h", ...
    std::string host;          // this host, for the subject
    std::string service;
    std::string object;
    Status state = Status::Ok;
    Status previous_state = Status::Ok;
    std::string shortname;     // from the check's line 1
    std::string summary;
    std::string first_line;
    std::string long_output;
    std::string perfdata;
    double time = 0;           // when it was decided (the mail's Date)
    double since = 0;          // since when the state holds
    double problem_since = 0;  // since when the service has not been OK (0: it is OK)
    std::vector<std::string> recent;  // the service's last history entries, one line each
};

std::string message_to_json(const Message& message);
Message message_from_json(const std::string& text);  // throws std::runtime_error

// "[CRITICAL] kvm1 VM_STATE: web-03 crashed"
std::string subject(const Message& message);

// The plain text a person reads (mail body, command stdin).
std::string body_text(const Message& message);

// Values for webhook templates and the command environment.
std::map<std::string, std::string> message_values(const Message& message);

}  // namespace virtcheck::alert
