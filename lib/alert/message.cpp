#include "alert/message.hpp"

#include <nlohmann/json.hpp>

#include "alert/time_text.hpp"

namespace virtcheck::alert {

using nlohmann::json;

std::string message_to_json(const Message& m) {
    json out{{"id", m.id}, {"type", m.type}, {"reason", m.reason}, {"host", m.host}, {"service", m.service},
             {"object", m.object}, {"state", static_cast<int>(m.state)},
             {"previous_state", static_cast<int>(m.previous_state)}, {"shortname", m.shortname},
             {"summary", m.summary}, {"first_line", m.first_line}, {"long_output", m.long_output},
             {"perfdata", m.perfdata}, {"time", m.time}, {"since", m.since}, {"problem_since", m.problem_since},
             {"recent", m.recent}};
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Message message_from_json(const std::string& text) {
    try {
        json in = json::parse(text);
        Message m;
        m.id = in.at("id").get<std::string>();
        m.type = in.at("type").get<std::string>();
        m.reason = in.at("reason").get<std::string>();
        m.host = in.at("host").get<std::string>();
        m.service = in.at("service").get<std::string>();
        m.object = in.at("object").get<std::string>();
        m.state = status_from_code(in.at("state").get<int>()).value_or(Status::Unknown);
        m.previous_state = status_from_code(in.at("previous_state").get<int>()).value_or(Status::Unknown);
        m.shortname = in.at("shortname").get<std::string>();
        m.summary = in.at("summary").get<std::string>();
        m.first_line = in.at("first_line").get<std::string>();
        m.long_output = in.at("long_output").get<std::string>();
        m.perfdata = in.at("perfdata").get<std::string>();
        m.time = in.at("time").get<double>();
        m.since = in.at("since").get<double>();
        m.problem_since = in.at("problem_since").get<double>();
        m.recent = in.at("recent").get<std::vector<std::string>>();
        return m;
    } catch (const json::exception& error) {
        throw std::runtime_error(std::string("stored notification is unreadable: ") + error.what());
    }
}

std::string subject(const Message& m) {
    std::string label;
    if (m.type == "FLAPPINGSTART")
        label = "FLAPPING";
    else if (m.type == "FLAPPINGSTOP")
        label = "FLAPPING OVER";
    else
        label = std::string(status_name(m.state));
    std::string name = m.shortname.empty() ? m.service : m.shortname;
    std::string text = m.summary;
    if (m.type == "FLAPPINGSTART" || m.type == "FLAPPINGSTOP") text = m.reason;
    return "[" + label + "] " + m.host + " " + name + (text.empty() ? "" : ": " + text);
}

std::string body_text(const Message& m) {
    std::string text;
    auto line = [&](const std::string& label, const std::string& value) {
        text += label;
        text.append(label.size() < 10 ? 10 - label.size() : 1, ' ');
        text += value + "\n";
    };
    std::string state(status_name(m.state));
    if (m.type == "RECOVERY")
        text += "RECOVERY: " + m.service + " is OK again\n\n";
    else if (m.type == "FLAPPINGSTART")
        text += "FLAPPING: " + m.service + " " + m.reason + "; no more notifications until it settles\n\n";
    else if (m.type == "FLAPPINGSTOP")
        text += "FLAPPING OVER: " + m.service + " " + m.reason + "\n\n";
    else
        text += "PROBLEM: " + m.service + " is " + state + " (" + m.reason + ")\n\n";
    line("Host:", m.host);
    line("Service:", m.service);
    line("Object:", m.object);
    line("State:", state + " since " + format_time(m.since));
    if (m.problem_since > 0 && m.problem_since < m.since) line("Problem:", "not OK since " + format_time(m.problem_since));
    line("Previous:", std::string(status_name(m.previous_state)));
    line("Time:", format_time(m.time));
    text += "\nOutput:\n" + m.first_line + "\n";
    if (!m.long_output.empty()) text += m.long_output + "\n";
    if (!m.perfdata.empty()) text += "\nPerfdata:\n" + m.perfdata + "\n";
    if (!m.recent.empty()) {
        text += "\nRecent history of " + m.service + ":\n";
        for (const auto& entry : m.recent) text += "  " + entry + "\n";
    }
    text += "\n-- \nvirtcheck-alert, notification " + m.id + "\n";
    if (m.type == "PROBLEM") text += "Acknowledge: virtcheck-alert ack " + m.service + " --comment TEXT\n";
    return text;
}

std::map<std::string, std::string> message_values(const Message& m) {
    std::string output = m.first_line + (m.long_output.empty() ? "" : "\n" + m.long_output);
    return {{"id", m.id},
            {"type", m.type},
            {"reason", m.reason},
            {"service", m.service},
            {"object", m.object},
            {"host", m.host},
            {"state", std::string(status_name(m.state))},
            {"previous_state", std::string(status_name(m.previous_state))},
            {"shortname", m.shortname},
            {"summary", m.summary},
            {"output", m.first_line},
            {"long_output", m.long_output},
            {"perfdata", m.perfdata},
            {"since", format_time(m.since)},
            {"time", format_time(m.time)},
            {"subject", subject(m)},
            {"text", subject(m) + "\n" + output}};
}

}  // namespace virtcheck::alert
