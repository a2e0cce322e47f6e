#include "alert/history_text.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "alert/time_text.hpp"
#include "core/text.hpp"

namespace virtcheck::alert {
namespace {

std::string pad(std::string text, std::size_t width) {
    if (text.size() < width) text.append(width - text.size(), ' ');
    return text;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

std::string history_line(const HistoryEntry& e, bool with_service) {
    std::string line = format_time(e.time) + "  ";
    if (with_service) line += pad(e.service.empty() ? "*" : e.service, 20) + " ";
    if (e.kind == "state" && e.state)
        line += pad(std::string(status_name(*e.state)) + " " + e.state_type, 17) + " " + first_line(e.output);
    else
        line += pad(e.kind, 17) + " " + e.detail;
    return line;
}

nlohmann::json history_json(const HistoryEntry& e) {
    nlohmann::json out{{"id", e.id},         {"time", format_time(e.time)}, {"time_epoch", e.time},
                       {"service", e.service}, {"object", e.object},        {"kind", e.kind}};
    if (e.state) out["state"] = std::string(status_name(*e.state));
    if (!e.state_type.empty()) out["state_type"] = e.state_type;
    if (e.kind == "state") {
        out["output"] = e.output;
        out["perfdata"] = e.perfdata;
    }
    if (!e.detail.empty()) out["detail"] = e.detail;
    return out;
}

std::string status_table(const std::vector<ServiceView>& services, double now) {
    std::size_t width = 7;
    for (const auto& view : services) width = std::max(width, view.config->name.size());
    std::string text = pad("SERVICE", width) + "  " + pad("STATE", 9) + pad("TYPE", 9) + pad("SINCE", 21) + "OUTPUT\n";
    for (const auto& view : services) {
        text += pad(view.config->name, width) + "  ";
        if (!view.stored) {
            text += pad("PENDING", 9) + pad("-", 9) + pad("-", 21) + "(not checked yet)\n";
            continue;
        }
        const ServiceState& s = view.stored->state;
        text += pad(std::string(status_name(s.state)), 9) + pad(s.hard ? "HARD" : "SOFT " + std::to_string(s.attempt), 9) +
                pad(format_time(s.hard ? s.hard_since : s.last_change), 21) + view.stored->output.first_line + "\n";
        std::string indent(width + 2, ' ');
        if (s.ack)
            text += indent + "acknowledged by " + s.ack->author +
                    (s.ack->expires > 0 ? " until " + format_time(s.ack->expires) : std::string(" until it recovers")) +
                    (s.ack->comment.empty() ? "" : ": " + s.ack->comment) + "\n";
        if (view.muted) text += indent + "muted " + view.mute_text + "\n";
        if (s.flapping) text += indent + "flapping (" + std::to_string(s.changes.size()) + " state changes)\n";
        if (view.pending > 0) text += indent + std::to_string(view.pending) + " notification(s) waiting to be sent\n";
        if (now - s.last_check > 86400) text += indent + "last checked " + format_time(s.last_check) + "\n";
    }
    return text;
}

nlohmann::json status_json(const std::vector<ServiceView>& services, double) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& view : services) {
        nlohmann::json item{{"service", view.config->name}, {"object", view.config->object}};
        if (!view.stored) {
            item["state"] = "PENDING";
            list.push_back(item);
            continue;
        }
        const ServiceState& s = view.stored->state;
        item["state"] = std::string(status_name(s.state));
        item["state_type"] = s.hard ? "HARD" : "SOFT";
        item["attempt"] = s.attempt;
        double since = s.hard ? s.hard_since : s.last_change;
        item["since"] = format_time(since);
        item["since_epoch"] = since;
        item["last_check"] = format_time(s.last_check);
        item["last_check_epoch"] = s.last_check;
        item["output"] = view.stored->output.first_line;
        item["long_output"] = view.stored->output.long_output;
        item["perfdata"] = view.stored->output.perfdata;
        item["acknowledged"] = s.ack.has_value();
        if (s.ack)
            item["ack"] = {{"author", s.ack->author}, {"comment", s.ack->comment}, {"time_epoch", s.ack->time},
                           {"expires_epoch", s.ack->expires}};
        item["muted"] = view.muted;
        item["flapping"] = s.flapping;
        item["pending_notifications"] = view.pending;
        list.push_back(item);
    }
    return list;
}

}  // namespace virtcheck::alert
